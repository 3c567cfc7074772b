//! A loopback TCP proxy that a test can cut and restore: an outage of whatever sits behind
//! it (a database server shared with other tests) without stopping that server.
//!
//! [`TcpProxy::cut`] closes every connection through the proxy and closes its port, so new
//! connections are refused by the kernel, as they are when a server is down;
//! [`TcpProxy::restore`] opens the same port again.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Connections waiting to be accepted on the proxy's port.
const BACKLOG: u32 = 1024;

/// Forwards every connection on its own loopback port to `upstream`.
pub struct TcpProxy {
    addr: SocketAddr,
    upstream: SocketAddr,
    /// The accept loop while the proxy is up.
    accepting: Mutex<Option<JoinHandle<()>>>,
    /// One task per forwarded connection; aborting one closes both of its sockets.
    connections: Arc<Mutex<JoinSet<()>>>,
}

impl TcpProxy {
    /// Listens on a free port of 127.0.0.1 and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> std::io::Result<Self> {
        let listener = listen(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let addr = listener.local_addr()?;
        let proxy = Self {
            addr,
            upstream,
            accepting: Mutex::new(None),
            connections: Arc::new(Mutex::new(JoinSet::new())),
        };
        proxy.accept_on(listener);
        Ok(proxy)
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Closes every open connection and the port (new connections are refused) and
    /// returns once both are closed. Cutting a cut proxy does nothing.
    pub async fn cut(&self) {
        let accepting = lock(&self.accepting).take();
        if let Some(accepting) = accepting {
            accepting.abort();
            let _ = accepting.await;
        }
        let mut connections = std::mem::take(&mut *lock(&self.connections));
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }

    /// Opens the port again (the same address). Restoring a proxy that is up does nothing.
    pub async fn restore(&self) -> std::io::Result<()> {
        if lock(&self.accepting).is_some() {
            return Ok(());
        }
        let listener = listen(self.addr)?;
        self.accept_on(listener);
        Ok(())
    }

    fn accept_on(&self, listener: TcpListener) {
        let upstream = self.upstream;
        let connections = Arc::clone(&self.connections);
        let accepting = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    // Out of file descriptors, say: do not spin.
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                };
                let mut connections = lock(&connections);
                // Reap the finished ones so the set holds only open connections.
                while connections.try_join_next().is_some() {}
                connections.spawn(forward(client, upstream));
            }
        });
        *lock(&self.accepting) = Some(accepting);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        if let Some(accepting) = lock(&self.accepting).take() {
            accepting.abort();
        }
        // Dropping the set aborts every connection task.
    }
}

/// A listener on `addr`; SO_REUSEADDR lets [`TcpProxy::restore`] take the same port again
/// while closed connections linger in TIME_WAIT.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

async fn forward(mut client: TcpStream, upstream: SocketAddr) {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}

/// The proxy's state stays usable even if a task panicked while holding a lock.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// An upstream that echoes every connection.
    async fn echo_server() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let (mut read, mut write) = stream.split();
                    let _ = tokio::io::copy(&mut read, &mut write).await;
                });
            }
        });
        addr
    }

    async fn echo_once(stream: &mut TcpStream, text: &[u8]) -> std::io::Result<Vec<u8>> {
        stream.write_all(text).await?;
        let mut back = vec![0; text.len()];
        stream.read_exact(&mut back).await?;
        Ok(back)
    }

    #[tokio::test]
    async fn forwards_then_cuts_then_forwards_again() {
        let proxy = TcpProxy::start(echo_server().await).await.expect("proxy");
        let mut before = TcpStream::connect(proxy.addr()).await.expect("connect");
        assert_eq!(
            echo_once(&mut before, b"hello").await.expect("echo"),
            b"hello"
        );

        proxy.cut().await;
        // The open connection is closed: the next read ends (EOF or reset), within bounds.
        let mut buf = [0u8; 8];
        let read = tokio::time::timeout(Duration::from_secs(5), before.read(&mut buf))
            .await
            .expect("the cut connection ends at once");
        assert!(
            matches!(read, Ok(0) | Err(_)),
            "a cut connection reads nothing: {read:?}"
        );
        let refused = TcpStream::connect(proxy.addr()).await;
        assert_eq!(
            refused.map(|_| ()).map_err(|e| e.kind()),
            Err(std::io::ErrorKind::ConnectionRefused),
            "a cut proxy refuses connections"
        );

        proxy.restore().await.expect("restore");
        let mut after = TcpStream::connect(proxy.addr()).await.expect("reconnect");
        assert_eq!(
            echo_once(&mut after, b"again").await.expect("echo"),
            b"again"
        );
    }
}
