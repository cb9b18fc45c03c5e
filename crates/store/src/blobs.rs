//! Content-addressed, immutable data files in an `object_store` (a local directory by default,
//! so S3-compatible storage is a matter of building the store with a different backend).
//! A blob's key is derived from its SHA-256, so writing the same content twice stores it once.

use std::path::Path;
use std::sync::Arc;

use futures_util::StreamExt;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use tokio::io::AsyncReadExt;

use crate::{Error, Result};

/// Upload parts of this size keep memory flat however large the file.
const PART_SIZE: usize = 8 * 1024 * 1024;

/// The key of a blob: `sha256/<first two hex digits>/<64 hex digits>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobKey(String);

impl BlobKey {
    /// The key for content with this SHA-256 (64 lowercase hex digits).
    pub fn sha256(hex: &str) -> Option<BlobKey> {
        let ok = hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| BlobKey(format!("sha256/{}/{}", &hex[..2], hex)))
    }

    /// The key of a transparency-log file (`checkpoint`, `tile/0/x001/234`, `tile/entries/…`),
    /// stored under `log/`. Paths are ASCII letters, digits, `.`, `_`, `-` and single `/`
    /// separators, so no key can climb out of its prefix.
    pub fn log(path: &str) -> Option<BlobKey> {
        let ok = !path.is_empty()
            && path.len() <= 256
            && path.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            });
        ok.then(|| BlobKey(format!("log/{path}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The blob store.
#[derive(Clone)]
pub struct Blobs {
    inner: Arc<dyn ObjectStore>,
    /// The directory of a local store, where a file on the same file system can be linked into
    /// place instead of copied.
    local_root: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Blobs({})", self.inner)
    }
}

impl Blobs {
    /// Blobs in a local directory, created if missing.
    pub fn local(dir: &Path) -> Result<Blobs> {
        std::fs::create_dir_all(dir)?;
        let fs = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Blobs {
            inner: Arc::new(fs),
            local_root: Some(dir.canonicalize()?),
        })
    }

    /// The blob store a URL names:
    ///
    /// - `s3://bucket[/prefix]`: S3 or any S3-compatible store; credentials, region and endpoint
    ///   come from the standard `AWS_*` environment variables (`AWS_ACCESS_KEY_ID`,
    ///   `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT`, `AWS_ALLOW_HTTP`), so secrets
    ///   never pass through Dataport's own configuration;
    /// - `memory://`: in memory, for tests;
    /// - `file:///path` or a plain path: a local directory.
    pub fn open(url: &str) -> Result<Blobs> {
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(Error::UnsupportedBlobUrl);
            }
            let s3 = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()?;
            let prefix = prefix.trim_matches('/');
            let inner: Arc<dyn ObjectStore> = if prefix.is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(object_store::prefix::PrefixStore::new(s3, prefix))
            };
            return Ok(Blobs {
                inner,
                local_root: None,
            });
        }
        if url == "memory://" {
            return Ok(Blobs::in_memory());
        }
        let path = url.strip_prefix("file://").unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            return Err(Error::UnsupportedBlobUrl);
        }
        Blobs::local(Path::new(path))
    }

    /// Blobs in memory (tests).
    pub fn in_memory() -> Blobs {
        Blobs {
            inner: Arc::new(InMemory::new()),
            local_root: None,
        }
    }

    pub async fn exists(&self, key: &BlobKey) -> Result<bool> {
        match self.inner.head(&ObjectPath::from(key.as_str())).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(Error::Blob(e)),
        }
    }

    /// Stores the file at `path` under `key`. Content addressing makes a second write of the
    /// same key a no-op. The file must not change afterwards.
    ///
    /// In a local store on the same file system the file is hard-linked into place: one atomic
    /// step instead of writing every byte a second time (and the caller may still delete its
    /// own name for it). Anywhere else it is streamed in parts.
    pub async fn put_file(&self, key: &BlobKey, path: &Path) -> Result<()> {
        if self.exists(key).await? {
            return Ok(());
        }
        if let Some(root) = &self.local_root {
            let dest = root.join(key.as_str());
            if let Some(parent) = dest.parent() {
                tokio::fs::create_dir_all(parent).await?;
            }
            match tokio::fs::hard_link(path, &dest).await {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
                // Another file system, or links not supported: copy instead.
                Err(_) => {}
            }
        }
        let location = ObjectPath::from(key.as_str());
        let upload = self.inner.put_multipart(&location).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
        let mut file = tokio::fs::File::open(path).await?;
        let mut buf = vec![0u8; 1024 * 1024];
        loop {
            let n = file.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            // Bound the parts in flight so memory stays flat.
            writer.wait_for_capacity(2).await?;
            writer.write(&buf[..n]);
        }
        writer.finish().await?;
        Ok(())
    }

    /// Writes `bytes` under `key`, replacing any earlier content, and returns only once the
    /// write is durable: in a local store the bytes go to a temporary file beside the
    /// destination, which is flushed to disk, renamed into place, and its directory flushed (so a
    /// crash leaves the old file or the new one, never a torn one); elsewhere durability is the
    /// object store's acknowledged PUT.
    pub async fn put_durable(&self, key: &BlobKey, bytes: bytes::Bytes) -> Result<()> {
        let Some(root) = &self.local_root else {
            self.inner
                .put(&ObjectPath::from(key.as_str()), bytes.into())
                .await?;
            return Ok(());
        };
        let dest = root.join(key.as_str());
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            use std::io::Write;
            let dir = dest.parent().unwrap_or(Path::new("."));
            // Directories made for this file must be durable too, each in its parent, or a
            // power cut could lose the new directory and every file in it.
            let mut created = Vec::new();
            let mut missing = Some(dir);
            while let Some(d) = missing.filter(|d| !d.exists()) {
                created.push(d.to_path_buf());
                missing = d.parent();
            }
            std::fs::create_dir_all(dir)?;
            let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
            tmp.write_all(&bytes)?;
            tmp.as_file().sync_all()?;
            tmp.persist(&dest).map_err(|e| e.error)?;
            std::fs::File::open(dir)?.sync_all()?;
            for d in created {
                if let Some(parent) = d.parent() {
                    std::fs::File::open(parent)?.sync_all()?;
                }
            }
            Ok(())
        })
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        Ok(())
    }

    /// Deletes a blob; deleting one that is not there is not an error.
    pub async fn delete(&self, key: &BlobKey) -> Result<()> {
        match self.inner.delete(&ObjectPath::from(key.as_str())).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(Error::Blob(e)),
        }
    }

    /// Reads a whole blob into memory. For small blobs only; large ones are streamed.
    pub async fn get_bytes(&self, key: &BlobKey) -> Result<Option<bytes::Bytes>> {
        match self.inner.get(&ObjectPath::from(key.as_str())).await {
            Ok(r) => Ok(Some(r.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(Error::Blob(e)),
        }
    }

    /// A blob as a stream of chunks, with its size.
    pub async fn get_stream(
        &self,
        key: &BlobKey,
    ) -> Result<
        Option<(
            u64,
            futures_util::stream::BoxStream<'static, Result<bytes::Bytes>>,
        )>,
    > {
        match self.inner.get(&ObjectPath::from(key.as_str())).await {
            Ok(r) => {
                let size = r.meta.size;
                let stream = r.into_stream().map(|c| c.map_err(Error::Blob)).boxed();
                Ok(Some((size, stream)))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(Error::Blob(e)),
        }
    }
}
