//! What `/readyz` reports: shared between the Discord side (gateway) and the web server.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Clone, Debug, Default)]
pub struct Health {
    gateway_connected: Arc<AtomicBool>,
}

impl Health {
    pub fn set_gateway_connected(&self, connected: bool) {
        self.gateway_connected.store(connected, Ordering::Relaxed);
    }

    pub fn gateway_connected(&self) -> bool {
        self.gateway_connected.load(Ordering::Relaxed)
    }
}

/// What `/readyz` answers: the database and the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    pub database: bool,
    pub gateway: bool,
}

impl Health {
    /// Asks the database and reads the gateway's state.
    pub async fn readiness(&self, links: &crate::linking::LinkService) -> Readiness {
        Readiness {
            database: links.store().ping().await.is_ok(),
            gateway: self.gateway_connected(),
        }
    }
}
