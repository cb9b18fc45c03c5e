//! Dataport's registration certificates end to end: a certificate signs and verifies, survives
//! the trip through JSON text, and any alteration — of any character of any value, any byte of
//! its serialised form, its proof, its key or its cryptosuite — is refused with a clear error and
//! without a panic.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};
use vc::ed25519_dalek::SigningKey;
use vc::{Issuer, VcError, verify};

const CREATED: &str = "2025-03-01T08:00:05Z";

fn dataport() -> Issuer {
    Issuer::new(SigningKey::from_bytes(&[0x44; 32]))
}

fn someone_else() -> Issuer {
    Issuer::new(SigningKey::from_bytes(&[0x17; 32]))
}

/// A data-asset registration certificate (登记凭证) as Dataport issues it.
fn certificate(issuer: &Issuer) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0195a3c4-7e2b-7c1d-9f00-3a5b6c7d8e9f",
        "type": ["VerifiableCredential", "DataAssetRegistrationCredential"],
        "issuer": issuer.did(),
        "validFrom": "2025-03-01T08:00:00Z",
        "name": "数据资产登记凭证",
        "credentialSubject": {
            "id": "urn:dataport:asset:7f3a9c",
            "type": "DataAsset",
            "name": "上海市公共交通客流统计（2024年度）",
            "holder": {
                "id": "urn:dataport:participant:91310000MA1FL0001X",
                "name": "示例数据科技有限公司"
            },
            "registrationNumber": "沪数登〔2025〕000123号",
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "rows": 1048576,
            "ratio": 0.25,
            "personalInformation": false,
            "sectors": ["交通", "公共数据"],
            "note": "含\"引号\"、反斜杠\\与换行\n及表情🚇"
        },
        "credentialStatus": {
            "id": "https://dataport.example/status/1#94567",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "94567",
            "statusListCredential": "https://dataport.example/status/1"
        }
    })
}

fn signed() -> Value {
    dataport().sign(&certificate(&dataport()), CREATED).unwrap()
}

fn code(value: &Value) -> &'static str {
    match verify(value) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn sign_and_verify_round_trip() {
    let issuer = dataport();
    let unsigned = certificate(&issuer);
    let secured = issuer.sign(&unsigned, CREATED).unwrap();

    let proof = &secured["proof"];
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(proof["proofPurpose"], "assertionMethod");
    assert_eq!(proof["created"], CREATED);
    assert_eq!(proof["verificationMethod"], issuer.verification_method());
    assert_eq!(proof["@context"], unsigned["@context"]);
    assert!(proof["proofValue"].as_str().unwrap().starts_with('z'));

    let verified = verify(&secured).unwrap();
    assert_eq!(verified.document, unsigned);
    assert_eq!(verified.verification_method, issuer.verification_method());
    assert_eq!(verified.created.as_deref(), Some(CREATED));
    assert!(
        verified
            .verification_method
            .starts_with(verified.document["issuer"].as_str().unwrap())
    );

    // Through JSON text, compact or pretty, as it travels.
    for text in [
        serde_json::to_string(&secured).unwrap(),
        serde_json::to_string_pretty(&secured).unwrap(),
    ] {
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(verify(&parsed).unwrap().document, unsigned);
    }
    // Deterministic.
    assert_eq!(issuer.sign(&unsigned, CREATED).unwrap(), secured);
    // A document without @context gets a proof without one, and still verifies.
    let mut bare = unsigned.clone();
    bare.as_object_mut().unwrap().remove("@context");
    let secured = issuer.sign(&bare, CREATED).unwrap();
    assert!(secured["proof"].get("@context").is_none());
    assert_eq!(verify(&secured).unwrap().document, bare);
}

/// JSON pointers to every string value in `value`.
fn strings(value: &Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(pointer.to_owned()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, &format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                strings(item, &format!("{pointer}/{escaped}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_character_of_every_value_is_covered() {
    let secured = signed();
    let mut pointers = Vec::new();
    strings(&secured, "", &mut pointers);
    assert!(pointers.len() > 25, "{pointers:?}");
    let mut tried = 0;
    for pointer in &pointers {
        let original = secured
            .pointer(pointer)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned();
        for (i, ch) in original.char_indices() {
            let replacement = if ch == 'a' { 'b' } else { 'a' };
            let mut changed = original.clone();
            changed.replace_range(i..i + ch.len_utf8(), &replacement.to_string());
            let mut tampered = secured.clone();
            *tampered.pointer_mut(pointer).unwrap() = Value::String(changed.clone());
            assert_ne!(
                code(&tampered),
                "ok",
                "{pointer}: {original:?} -> {changed:?}"
            );
            tried += 1;
        }
        // Appending or removing a character.
        let mut tampered = secured.clone();
        *tampered.pointer_mut(pointer).unwrap() = Value::String(format!("{original} "));
        assert_ne!(code(&tampered), "ok", "{pointer}: appended");
        if !original.is_empty() {
            let mut shorter = original.clone();
            shorter.pop();
            *tampered.pointer_mut(pointer).unwrap() = Value::String(shorter);
            assert_ne!(code(&tampered), "ok", "{pointer}: shortened");
        }
    }
    assert!(tried > 500, "only {tried} changes tried");
}

#[test]
fn every_byte_of_the_serialised_certificate_is_covered() {
    let secured = signed();
    let text = serde_json::to_vec(&secured).unwrap();
    let mut parsed_variants = 0;
    for i in 0..text.len() {
        for replacement in [text[i] ^ 0x01, text[i] ^ 0x20, b'0', b' '] {
            if replacement == text[i] {
                continue;
            }
            let mut bytes = text.clone();
            bytes[i] = replacement;
            let Ok(tampered) = serde_json::from_slice::<Value>(&bytes) else {
                continue;
            };
            if tampered == secured {
                // Only whitespace changed: the same document.
                continue;
            }
            parsed_variants += 1;
            assert_ne!(
                code(&tampered),
                "ok",
                "byte {i} {:?} -> {:?}",
                char::from(text[i]),
                char::from(replacement)
            );
        }
    }
    assert!(
        parsed_variants > 1000,
        "only {parsed_variants} variants parsed"
    );
}

#[test]
fn keys_values_and_structure_are_covered() {
    let secured = signed();
    let mut cases: Vec<(&str, Value)> = Vec::new();

    let mut t = secured.clone();
    t["credentialSubject"]["rows"] = json!(1048577);
    cases.push(("number changed", t));
    let mut t = secured.clone();
    t["credentialSubject"]["ratio"] = json!(0.250_000_000_000_000_06);
    cases.push(("double changed in the last bit", t));
    let mut t = secured.clone();
    t["credentialSubject"]["personalInformation"] = json!(true);
    cases.push(("boolean flipped", t));
    let mut t = secured.clone();
    t["credentialSubject"]["personalInformation"] = Value::Null;
    cases.push(("value nulled", t));
    let mut t = secured.clone();
    t.as_object_mut().unwrap().remove("credentialStatus");
    cases.push(("status entry removed", t));
    let mut t = secured.clone();
    t["validUntil"] = json!("2026-03-01T00:00:00Z");
    cases.push(("field added", t));
    let mut t = secured.clone();
    let subject = t["credentialSubject"].as_object_mut().unwrap();
    let name = subject.remove("name").unwrap();
    subject.insert("nam".to_owned(), name);
    cases.push(("key renamed", t));
    let mut t = secured.clone();
    t["type"] = json!(["DataAssetRegistrationCredential", "VerifiableCredential"]);
    cases.push(("array reordered", t));
    let mut t = secured.clone();
    t["proof"].as_object_mut().unwrap().remove("created");
    cases.push(("created removed", t));
    let mut t = secured.clone();
    t["proof"]["nonce"] = json!("abc");
    cases.push(("proof option added", t));

    for (what, tampered) in cases {
        assert_eq!(code(&tampered), "vc.signature", "{what}");
    }
}

#[test]
fn changed_proof_values_fail() {
    let secured = signed();
    let good = secured["proof"]["proofValue"].as_str().unwrap().to_owned();

    // A valid signature, but over another document.
    let mut other = certificate(&dataport());
    other["name"] = json!("另一份凭证");
    let other = dataport().sign(&other, CREATED).unwrap();
    let mut t = secured.clone();
    t["proof"]["proofValue"] = other["proof"]["proofValue"].clone();
    assert_eq!(code(&t), "vc.signature");

    let bad_values = [
        json!(good[..good.len() - 1]),
        json!(format!("{good}1")),
        json!(good.trim_start_matches('z')),
        json!(format!("u{}", &good[1..])),
        json!(good.replace('z', "0")),
        json!(""),
        json!("z"),
        json!(format!("z{}", "1".repeat(64))),
        json!(format!("z{}", "2".repeat(1_000_000))),
        json!(42),
        Value::Null,
    ];
    for bad in bad_values {
        let mut t = secured.clone();
        t["proof"]["proofValue"] = bad.clone();
        let c = code(&t);
        assert!(
            c == "vc.malformed" || c == "vc.signature",
            "{c} for {:.40}",
            bad.to_string()
        );
    }
    let mut t = secured.clone();
    t["proof"].as_object_mut().unwrap().remove("proofValue");
    assert_eq!(code(&t), "vc.malformed");
}

#[test]
fn swapped_keys_fail() {
    let secured = signed();
    let other = someone_else();

    // The proof claims another key.
    let mut t = secured.clone();
    t["proof"]["verificationMethod"] = json!(other.verification_method());
    assert_eq!(code(&t), "vc.signature");

    // Signed by another key while naming Dataport's.
    let forged = other.sign(&certificate(&dataport()), CREATED).unwrap();
    let mut t = forged.clone();
    t["proof"]["verificationMethod"] = json!(dataport().verification_method());
    assert_eq!(code(&t), "vc.signature");
    // Honestly signed by the other key, it verifies — as the other key: trusting the signer is
    // the caller's decision.
    let verified = verify(&forged).unwrap();
    assert_eq!(verified.verification_method, other.verification_method());
    assert_ne!(
        verified.verification_method,
        dataport().verification_method()
    );

    let vm = dataport().verification_method();
    for bad in [
        dataport().did(),
        format!("{}#key-1", dataport().did()),
        format!("{}#{}", dataport().did(), other.public_key_multibase()),
        "did:web:dataport.example#key-1".to_owned(),
        "https://dataport.example/keys/1".to_owned(),
        vm.replace("z6Mk", "z6Mj"),
    ] {
        let mut t = secured.clone();
        t["proof"]["verificationMethod"] = json!(bad);
        assert_eq!(code(&t), "vc.key", "{bad}");
    }
    let mut t = secured.clone();
    t["proof"]["verificationMethod"] = json!(7);
    assert_eq!(code(&t), "vc.malformed");
}

#[test]
fn other_cryptosuites_and_purposes_fail() {
    let secured = signed();
    for (field, value) in [
        ("cryptosuite", json!("eddsa-rdfc-2022")),
        ("cryptosuite", json!("ecdsa-jcs-2019")),
        ("cryptosuite", json!("EDDSA-JCS-2022")),
        ("cryptosuite", json!(["eddsa-jcs-2022"])),
        ("type", json!("Ed25519Signature2020")),
        ("type", json!(["DataIntegrityProof"])),
    ] {
        let mut t = secured.clone();
        t["proof"][field] = value.clone();
        let err = verify(&t).unwrap_err();
        assert_eq!(err.code(), "vc.unsupported_cryptosuite", "{field}: {value}");
        assert!(err.to_string().contains("eddsa-jcs-2022"), "{err}");
    }
    let mut t = secured.clone();
    t["proof"].as_object_mut().unwrap().remove("cryptosuite");
    assert_eq!(code(&t), "vc.unsupported_cryptosuite");

    let mut t = secured.clone();
    t["proof"]["proofPurpose"] = json!("authentication");
    let err = verify(&t).unwrap_err();
    assert_eq!(err.code(), "vc.proof_purpose");
    assert!(err.to_string().contains("authentication"), "{err}");
    let mut t = secured.clone();
    t["proof"].as_object_mut().unwrap().remove("proofPurpose");
    assert_eq!(code(&t), "vc.malformed");
}

#[test]
fn contexts_must_agree() {
    let secured = signed();
    let mut t = secured.clone();
    t["@context"] = json!(["https://www.w3.org/2018/credentials/v1"]);
    assert_eq!(code(&t), "vc.context");
    let mut t = secured.clone();
    t["@context"] = json!([
        "https://evil.example/context",
        "https://www.w3.org/ns/credentials/v2"
    ]);
    assert_eq!(code(&t), "vc.context");
    let mut t = secured.clone();
    t.as_object_mut().unwrap().remove("@context");
    assert_eq!(code(&t), "vc.context");
    let mut t = secured.clone();
    t["proof"]["@context"] = json!([
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2"
    ]);
    assert_eq!(code(&t), "vc.context");

    // The cryptosuite verifies the document under the proof's @context: contexts appended after
    // signing are not covered, and are not in the verified document.
    let mut t = secured.clone();
    t["@context"] = json!([
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2"
    ]);
    let verified = verify(&t).unwrap();
    assert_eq!(verified.document, certificate(&dataport()));
    // A single context may stand alone instead of in a list.
    let issuer = dataport();
    let mut single = certificate(&issuer);
    single["@context"] = json!("https://www.w3.org/ns/credentials/v2");
    let secured = issuer.sign(&single, CREATED).unwrap();
    assert_eq!(verify(&secured).unwrap().document, single);
}

#[test]
fn unsupported_proof_features_fail() {
    let secured = signed();
    let mut t = secured.clone();
    t["proof"]["expires"] = json!("2030-01-01T00:00:00Z");
    assert_eq!(code(&t), "vc.unsupported_proof");
    let mut t = secured.clone();
    t["proof"]["previousProof"] = json!("urn:uuid:1");
    assert_eq!(code(&t), "vc.unsupported_proof");
    let mut t = secured.clone();
    t["proof"] = json!([secured["proof"].clone()]);
    assert_eq!(code(&t), "vc.unsupported_proof");
}

#[test]
fn malformed_documents_fail_clearly() {
    let secured = signed();
    for bad in [
        Value::Null,
        json!(true),
        json!(1),
        json!("a credential"),
        json!([]),
        json!([secured.clone()]),
        json!({}),
    ] {
        let err = verify(&bad).unwrap_err();
        assert_eq!(err.code(), "vc.malformed", "{bad:.40}");
    }
    let mut t = secured.clone();
    t.as_object_mut().unwrap().remove("proof");
    let err = verify(&t).unwrap_err();
    assert_eq!(err.code(), "vc.malformed");
    assert_eq!(
        err.to_string(),
        "malformed credential: the document carries no proof"
    );
    for proof in [json!("z2Hn…"), json!(1), Value::Null, json!(true)] {
        let mut t = secured.clone();
        t["proof"] = proof;
        assert_eq!(code(&t), "vc.malformed");
    }
    for created in [
        json!("2025-03-01"),
        json!("yesterday"),
        json!(1_740_816_005),
        json!("2025-02-29T00:00:00Z"),
    ] {
        let mut t = secured.clone();
        t["proof"]["created"] = created.clone();
        assert_eq!(code(&t), "vc.malformed", "{created}");
    }
    // Integers JSON cannot carry exactly are refused rather than silently rounded.
    let mut t = secured.clone();
    t["credentialSubject"]["rows"] = json!(9_007_199_254_740_993_u64);
    assert_eq!(code(&t), "vc.malformed");
    // Nesting far deeper than any credential.
    let mut deep = json!("bottom");
    for _ in 0..1000 {
        deep = json!([deep]);
    }
    let mut t = secured.clone();
    t["credentialSubject"]["deep"] = deep;
    assert_eq!(code(&t), "vc.malformed");
}

#[test]
fn signing_refuses_what_it_cannot_sign_faithfully() {
    let issuer = dataport();
    let cert = certificate(&issuer);
    for bad in [json!([cert.clone()]), json!("text"), Value::Null] {
        let err = issuer.sign(&bad, CREATED).unwrap_err();
        assert_eq!(err.code(), "vc.malformed");
    }
    let already = issuer.sign(&cert, CREATED).unwrap();
    assert!(matches!(
        issuer.sign(&already, CREATED),
        Err(VcError::Malformed(_))
    ));
    for created in [
        "",
        "2025-03-01",
        "2025-03-01T08:00:00",
        "2025-03-01T16:00:00+08:00",
        "2025-03-01 08:00:00Z",
        "2025-02-30T08:00:00Z",
    ] {
        let err = issuer.sign(&cert, created).unwrap_err();
        assert_eq!(err.code(), "vc.malformed", "{created}");
    }
    let mut big = cert.clone();
    big["credentialSubject"]["rows"] = json!(u64::MAX);
    let err = issuer.sign(&big, CREATED).unwrap_err();
    assert_eq!(err.code(), "vc.malformed");
    assert!(err.to_string().contains("2^53"), "{err}");
}
