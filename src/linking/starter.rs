//! Starting a link: a fresh single-use state and PKCE verifier stored server-side with the
//! member, the guild and the `/link` reply, and the Resonite authorize URL to send them to.
//!
//! Its own part so that Discord's Linked Roles (which starts links from its own callback)
//! and [`super::LinkService`] (which follows unlinks to Linked Roles) need not hold each other.

use std::time::Duration;

use super::secrets::{random_token, state_hash};
use super::service::{LinkError, LinkRequest, StartedLink};
use crate::clock::Clock;
use crate::config::Secret;
use crate::resonite::ResoniteClient;
use crate::store::{LinkStateExtras, NewLinkState, Store};

#[derive(Clone)]
pub struct LinkStarter {
    store: Store,
    resonite: ResoniteClient,
    ttl: Duration,
    clock: Clock,
}

impl LinkStarter {
    pub fn new(store: Store, resonite: ResoniteClient, ttl: Duration, clock: Clock) -> Self {
        Self {
            store,
            resonite,
            ttl,
            clock,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn resonite(&self) -> &ResoniteClient {
        &self.resonite
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// How long a started link stays usable (`LINK_TTL_SECS`).
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Starts a link as `request` says (the server's name for the confirmation page; a
    /// browser the callback must come from).
    pub async fn start_in(&self, request: &LinkRequest<'_>) -> Result<StartedLink, LinkError> {
        let state = random_token();
        let verifier = random_token();
        let now = self.clock.now();
        let expires_at = now + self.ttl.as_secs() as i64;
        self.store
            .link_states()
            .insert_with(
                &NewLinkState {
                    state_hash: state_hash(&state),
                    discord_user_id: request.discord_user_id,
                    discord_name: request.discord_name.to_owned(),
                    guild_id: request.guild_id,
                    pkce_verifier: Secret::new(verifier.clone()),
                    interaction_token: Secret::new(request.interaction_token),
                    created_at: now,
                    expires_at,
                },
                &LinkStateExtras {
                    locale: request.locale,
                    guild_name: request.guild_name,
                    browser_hash: request.browser_hash,
                },
            )
            .await?;
        Ok(StartedLink {
            authorize_url: self.resonite.authorize_url(&state, &verifier),
            expires_at,
        })
    }
}
