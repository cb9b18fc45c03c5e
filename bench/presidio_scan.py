#!/usr/bin/env python3
"""The peer measurement for `cargo bench -p app --bench scan`: Microsoft Presidio's regex
recognizers over the same CSV, cell by cell, on the same machine.

Presidio's analyzer needs a spaCy model for its NLP engine, which is not what is compared here;
its pattern recognizers are used directly (`analyze(text, entities, nlp_artifacts=None)`), which
is how Presidio runs regex detection without NLP. Built-in recognizers that apply to this data
(e-mail, credit card with Luhn validation, IP address) run beside the pattern recognizers a
Presidio user adds for Chinese identifiers (resident ID, mobile, plate), as its documentation
describes for custom recognizers.

Usage: python3 bench/presidio_scan.py FILE.csv [--mb 16]
Reads the first --mb megabytes (Presidio is slow; the rate is the same for the whole file).
"""

import argparse
import csv
import io
import logging
import time

from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IpRecognizer,
)


def recognizers():
    return [
        EmailRecognizer(),
        CreditCardRecognizer(),
        IpRecognizer(),
        PatternRecognizer(
            supported_entity="CN_RESIDENT_ID",
            patterns=[Pattern("cn_resident_id", r"\b\d{17}[\dXx]\b", 0.5)],
        ),
        PatternRecognizer(
            supported_entity="CN_MOBILE",
            patterns=[Pattern("cn_mobile", r"\b(?:\+?86)?1[3-9]\d{9}\b", 0.5)],
        ),
        PatternRecognizer(
            supported_entity="CN_PLATE",
            patterns=[Pattern("cn_plate", r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}", 0.5)],
        ),
    ]


def main():
    # Presidio and tldextract log every offline lookup failure; they are not what is measured.
    logging.disable(logging.CRITICAL)
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--mb", type=float, default=16)
    args = ap.parse_args()
    limit = int(args.mb * 1024 * 1024)
    with open(args.file, "rb") as f:
        data = f.read(limit)
    data = data[: data.rfind(b"\n") + 1]
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, rows = rows[0], rows[1:]
    recs = recognizers()
    # Warm up outside the clock: the e-mail recognizer loads its public-suffix data (and, offline,
    # gives up fetching a fresh copy) on first use.
    for r in recs:
        r.analyze("warm.up@example.com 13800138000", r.supported_entities, None)
    found = {}
    start = time.perf_counter()
    for row in rows:
        for cell in row:
            for r in recs:
                for res in r.analyze(cell, r.supported_entities, None):
                    found[res.entity_type] = found.get(res.entity_type, 0) + 1
    secs = time.perf_counter() - start
    mb = len(data) / 1e6
    print(f"presidio regex recognizers: {mb:.1f} MB, {len(rows)} rows, {secs:.2f} s, {mb / secs:.3f} MB/s")
    print("entities found:", dict(sorted(found.items())))


if __name__ == "__main__":
    main()
