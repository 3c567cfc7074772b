//! The open connections: how many, from whom, and which are idle.
//!
//! A connection is idle while no request of it is being answered: before its first request
//! header is complete, and between keep-alive requests. Only idle connections make room:
//! at the cap (or at a client's own cap) the one idle the longest is closed, so a client
//! that keeps many connections alive with a request every few seconds cannot keep a
//! newcomer out, while nobody's request is ever cut off halfway.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::oneshot;

/// Why a newcomer was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refused {
    /// Every open connection is answering a request.
    Full,
    /// Every connection of this client is answering a request, and it has its cap.
    ClientFull,
}

pub(super) struct Connections {
    max: usize,
    per_client: usize,
    started: Instant,
    state: Mutex<Open>,
}

#[derive(Default)]
struct Open {
    next_id: u64,
    /// Oldest first.
    by_id: BTreeMap<u64, Tracked>,
    /// Open connections per counted client address.
    per_client: HashMap<IpAddr, usize>,
}

struct Tracked {
    /// The address counted against `per_client`; `None` for a trusted proxy.
    client: Option<IpAddr>,
    activity: Arc<Activity>,
    evict: oneshot::Sender<()>,
}

/// Whether a connection is answering a request, and since when it is idle.
pub(super) struct Activity {
    started: Instant,
    in_flight: AtomicUsize,
    /// Nanoseconds after `started` at which the connection last became idle (fine enough
    /// that one request answered after another is always later).
    idle_since_ns: AtomicU64,
}

impl Activity {
    fn new(started: Instant) -> Self {
        let activity = Self {
            started,
            in_flight: AtomicUsize::new(0),
            idle_since_ns: AtomicU64::new(0),
        };
        activity.touch();
        activity
    }

    fn touch(&self) {
        let ns = u64::try_from(self.started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.idle_since_ns.store(ns, Ordering::SeqCst);
    }

    /// A request is being answered until the guard is dropped (with the response's body).
    pub(super) fn begin(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        Busy(Arc::clone(self))
    }

    fn idle_since(&self) -> Option<u64> {
        (self.in_flight.load(Ordering::SeqCst) == 0)
            .then(|| self.idle_since_ns.load(Ordering::SeqCst))
    }
}

/// One request being answered; its connection is idle again once every guard is gone.
pub(super) struct Busy(Arc<Activity>);

impl Busy {
    /// Keeps the guard alive inside a closure that outlives the handler (the body's).
    pub(super) fn hold(&self) {}
}

impl Drop for Busy {
    fn drop(&mut self) {
        // Idle from now: stamp before counting down, so whoever sees it idle sees when.
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One admitted connection; it leaves the registry when dropped.
pub(super) struct Slot {
    id: u64,
    connections: Arc<Connections>,
    pub(super) activity: Arc<Activity>,
    pub(super) evicted: oneshot::Receiver<()>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.connections.lock();
        open.remove(self.id);
    }
}

impl Open {
    /// Forgets a connection; what was tracked, if it still was.
    fn remove(&mut self, id: u64) -> Option<Tracked> {
        let tracked = self.by_id.remove(&id)?;
        if let Some(client) = tracked.client
            && let Some(n) = self.per_client.get_mut(&client)
        {
            *n -= 1;
            if *n == 0 {
                self.per_client.remove(&client);
            }
        }
        Some(tracked)
    }

    /// The connection idle the longest among those `eligible`; the oldest on a tie.
    fn longest_idle(&self, eligible: impl Fn(&Tracked) -> bool) -> Option<u64> {
        self.by_id
            .iter()
            .filter(|(_, t)| eligible(t))
            .filter_map(|(id, t)| t.activity.idle_since().map(|since| (since, *id)))
            .min()
            .map(|(_, id)| id)
    }

    fn evict(&mut self, id: u64) {
        if let Some(tracked) = self.remove(id) {
            let _ = tracked.evict.send(());
        }
    }
}

impl Connections {
    pub(super) fn new(max: usize, per_client: usize) -> Self {
        Self {
            max: max.max(1),
            per_client: per_client.max(1),
            started: Instant::now(),
            state: Mutex::new(Open::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for a new connection from `client` (`None`: a trusted proxy, not capped
    /// on its own): free, or made by closing the connection idle the longest — the
    /// client's own when it is at its cap, anyone's when the server is.
    pub(super) fn admit(self: &Arc<Self>, client: Option<IpAddr>) -> Result<Slot, Refused> {
        let mut open = self.lock();
        if let Some(addr) = client
            && open.per_client.get(&addr).copied().unwrap_or(0) >= self.per_client
        {
            let own = open
                .longest_idle(|t| t.client == Some(addr))
                .ok_or(Refused::ClientFull)?;
            open.evict(own);
        }
        if open.by_id.len() >= self.max {
            let anyone = open.longest_idle(|_| true).ok_or(Refused::Full)?;
            open.evict(anyone);
        }
        let id = open.next_id;
        open.next_id += 1;
        let activity = Arc::new(Activity::new(self.started));
        let (evict, evicted) = oneshot::channel();
        open.by_id.insert(
            id,
            Tracked {
                client,
                activity: Arc::clone(&activity),
                evict,
            },
        );
        if let Some(addr) = client {
            *open.per_client.entry(addr).or_insert(0) += 1;
        }
        Ok(Slot {
            id,
            connections: Arc::clone(self),
            activity,
            evicted,
        })
    }

    /// Connections open now (for tests and logs).
    #[cfg(test)]
    pub(super) fn open(&self) -> usize {
        self.lock().by_id.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([127, 0, 0, last]))
    }

    #[test]
    fn at_the_cap_the_connection_idle_the_longest_makes_room_and_a_busy_one_never() {
        let connections = Arc::new(Connections::new(3, 10));
        let mut a = connections.admit(ip(1)).expect("a");
        let b = connections.admit(ip(2)).expect("b");
        let c = connections.admit(ip(3)).expect("c");
        // `a` is answering; `b` finished a request after `c` connected: `c` idles longest.
        let _busy_a = a.activity.begin();
        std::thread::sleep(std::time::Duration::from_millis(5));
        drop(b.activity.begin());
        let mut c = c;
        let _d = connections.admit(ip(4)).expect("room made");
        assert!(c.evicted.try_recv().is_ok(), "the longest idle went");
        assert!(a.evicted.try_recv().is_err(), "the busy one stays");
        assert_eq!(connections.open(), 3);
        drop(b);
        drop(c);
        assert_eq!(connections.open(), 2);
    }

    #[test]
    fn when_everyone_is_busy_a_newcomer_is_refused() {
        let connections = Arc::new(Connections::new(2, 10));
        let a = connections.admit(ip(1)).expect("a");
        let b = connections.admit(ip(2)).expect("b");
        let _busy = (a.activity.begin(), b.activity.begin());
        assert_eq!(connections.admit(ip(3)).err(), Some(Refused::Full));
    }

    #[test]
    fn a_client_at_its_cap_makes_room_among_its_own_connections_only() {
        let connections = Arc::new(Connections::new(100, 2));
        let mut other = connections.admit(ip(9)).expect("other");
        let mut first = connections.admit(ip(1)).expect("first");
        let second = connections.admit(ip(1)).expect("second");
        let _third = connections
            .admit(ip(1))
            .expect("third, in place of the first");
        assert!(first.evicted.try_recv().is_ok());
        assert!(
            other.evicted.try_recv().is_err(),
            "another client is untouched"
        );
        let _busy = second.activity.begin();
        let _busy_third = _third.activity.begin();
        assert_eq!(connections.admit(ip(1)).err(), Some(Refused::ClientFull));
        // A trusted proxy (not counted) is not held to the cap.
        let _proxied: Vec<_> = (0..5)
            .map(|_| connections.admit(None).expect("proxy"))
            .collect();
    }
}
