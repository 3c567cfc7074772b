//! The fake's handle: its REST state, the gateway's sessions and the network switch, shared
//! by every clone. The routes, the gateway and the setup methods all work through it.

use std::sync::{Arc, Mutex, MutexGuard};

use super::model::FakeApp;
use super::server::Network;
use super::sessions::Gateway;
use super::state::State;

/// The fake Discord API. Cheap to clone; all clones share one state.
#[derive(Clone)]
pub struct FakeDiscord {
    pub(super) state: Arc<Mutex<State>>,
    pub(super) gateway: Arc<Gateway>,
    pub(super) network: Arc<Network>,
}

impl FakeDiscord {
    pub fn new(app: FakeApp) -> Self {
        Self {
            state: Arc::new(Mutex::new(State::new(app))),
            gateway: Arc::new(Gateway::new()),
            network: Arc::new(Network::new()),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
