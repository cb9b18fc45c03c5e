//! Idempotency records for creating endpoints: claim a key, save the response, or release the
//! claim. The HTTP layer decides what a request's identity is; this keeps the records.

use store::IdempotencyStart;

use crate::{App, Result};

/// Claims in progress for longer than this are taken to be from a crashed request.
const STALE_AFTER: chrono::Duration = chrono::Duration::minutes(15);

/// Keys are remembered this long; a retry later than that is a new request.
const KEEP_FOR: chrono::Duration = chrono::Duration::hours(24);

impl App {
    /// Claims `key` within `scope` for a request identified by `route` and `request_hash`.
    pub async fn idempotency_claim(
        &self,
        scope: &str,
        key: &str,
        route: &str,
        request_hash: &str,
    ) -> Result<IdempotencyStart> {
        let now = types::now();
        let mut tx = self.store.begin().await?;
        store::idempotency::sweep(tx.conn(), &(now - KEEP_FOR)).await?;
        let start = store::idempotency::start(
            tx.conn(),
            scope,
            key,
            route,
            request_hash,
            &now,
            &(now - STALE_AFTER),
        )
        .await?;
        tx.commit().await?;
        Ok(start)
    }

    /// Saves the response of a claimed key.
    pub async fn idempotency_finish(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> Result<()> {
        Ok(
            store::idempotency::finish(self.store.pool(), scope, key, i64::from(status), body)
                .await?,
        )
    }

    /// Releases a claim whose request failed, so a corrected retry may use the key.
    pub async fn idempotency_release(&self, scope: &str, key: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::idempotency::abandon(tx.conn(), scope, key).await?;
        Ok(tx.commit().await?)
    }
}
