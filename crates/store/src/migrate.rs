//! Embedded schema migrations, applied in order on start and by `dataport migrate`.
//!
//! sqlx's own migrator expects one SQL dialect per directory; Dataport's schema differs between
//! the engines in a single token (the auto-increment key of the outbox), so one file per version
//! with that token substituted is simpler to keep in step than two trees of near-copies.

use sqlx::{Executor, Row};

use crate::{Engine, Error, Result, Store};

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../migrations/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "scan_reports",
        sql: include_str!("../migrations/0002_scan_reports.sql"),
    },
    Migration {
        version: 3,
        name: "declared_level",
        sql: include_str!("../migrations/0003_declared_level.sql"),
    },
    Migration {
        version: 4,
        name: "log",
        sql: include_str!("../migrations/0004_log.sql"),
    },
    Migration {
        version: 5,
        name: "xborder",
        sql: include_str!("../migrations/0005_xborder.sql"),
    },
    Migration {
        version: 6,
        name: "people_sets",
        sql: include_str!("../migrations/0006_people_sets.sql"),
    },
    Migration {
        version: 7,
        name: "rights",
        sql: include_str!("../migrations/0007_rights.sql"),
    },
];

fn dialect(sql: &str, engine: Engine) -> String {
    let serial = match engine {
        Engine::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        Engine::Postgres => "BIGSERIAL PRIMARY KEY",
    };
    sql.replace("SERIAL_PRIMARY_KEY", serial)
}

/// Splits a migration into statements: comment lines are dropped first (they may contain
/// semicolons), then the text is cut at semicolons. Migrations are plain DDL without semicolons
/// inside literals, which the test below holds them to.
fn statements(sql: &str) -> Vec<String> {
    let code: String = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    code.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) async fn run(store: &Store) -> Result<Vec<i64>> {
    let pool = store.pool();
    pool.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .await?;
    let mut applied = Vec::new();
    for m in MIGRATIONS {
        // `begin` serialises writers on every node, so two nodes starting at once cannot both
        // apply the same migration.
        let mut tx = store.begin().await?;
        let done = sqlx::query("SELECT COUNT(*) AS n FROM schema_migrations WHERE version = $1")
            .bind(m.version)
            .fetch_one(tx.conn())
            .await?
            .try_get::<i64, _>("n")?;
        if done > 0 {
            continue;
        }
        for stmt in statements(&dialect(m.sql, store.engine())) {
            tx.conn()
                .execute(stmt.as_str())
                .await
                .map_err(|source| Error::Migration {
                    version: m.version,
                    source,
                })?;
        }
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(types::format_timestamp(&types::now()))
        .execute(tx.conn())
        .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
        applied.push(m.version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_ordered_and_split_cleanly() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
            for stmt in statements(m.sql) {
                assert!(
                    stmt.starts_with("CREATE")
                        || stmt.starts_with("ALTER TABLE")
                        || stmt.starts_with("INSERT INTO"),
                    "unexpected statement start: {stmt}"
                );
            }
        }
        assert!(dialect(MIGRATIONS[0].sql, Engine::Postgres).contains("BIGSERIAL"));
        assert!(!dialect(MIGRATIONS[0].sql, Engine::Sqlite).contains("SERIAL_PRIMARY_KEY"));
    }
}
