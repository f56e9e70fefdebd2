//! The servers open in this tab: one [`Session`] each, all on one [`Clock`]. Switching the
//! server on screen only changes which session the pages read; every other connection and
//! its state stay live.

use crate::logic::connect::{check_secret, parse_address, LinkedServer};
use crate::session::{Clock, Session};
use leptos::prelude::*;
use msmp::fleet::bulk::{Action, Outcome};
use msmp::fleet::row::Column;

#[derive(Clone, Copy)]
pub struct Member {
    /// The panel's id for the server, stable within the tab.
    pub id: u32,
    /// What the user or the link called it; else its address is shown.
    pub name: RwSignal<Option<String>>,
    pub session: Session,
}

impl Member {
    /// Runs a fleet action on this server: nothing is sent where it cannot be (not in sync,
    /// not offered); the outcome says what became of it.
    pub async fn run(&self, action: &Action) -> Outcome {
        let prepared = self
            .session
            .model
            .with_untracked(|model| Some(action.prepare(model)));
        match prepared {
            Some(Ok(call)) => {
                let (method, param) = (call.method, call.param);
                let result = self.session.call(method, param.clone()).await;
                // Into the audit log (and a toast, not read out: the results table says it).
                crate::ui::widgets::record(crate::ui::widgets::Done {
                    at_ms: crate::session::now_ms(),
                    server: self.label(),
                    method: method.to_string(),
                    params: param,
                    ok: result.is_ok(),
                    text: match &result {
                        Ok(v) => crate::logic::audit::params_text(Some(v)),
                        Err(e) => crate::session::describe(e),
                    },
                    seen: true,
                });
                action.outcome(&result)
            }
            Some(Err(outcome)) => outcome,
            None => Outcome::NotConnected,
        }
    }

    /// The name to show: the given one, else host:port.
    pub fn label(&self) -> String {
        self.name.get().unwrap_or_else(|| {
            self.session
                .endpoint
                .with(|e| e.as_ref().map(|e| e.authority.clone()))
                .unwrap_or_default()
        })
    }
}

#[derive(Clone, Copy)]
pub struct Fleet {
    clock: Clock,
    pub members: RwSignal<Vec<Member>>,
    /// The server the pages show.
    pub current: RwSignal<u32>,
    /// How the overview is sorted (column, descending) and filtered: kept while the
    /// user looks at one server.
    pub sort: RwSignal<(Column, bool)>,
    pub filter: RwSignal<String>,
    next_id: StoredValue<u32>,
}

impl Default for Fleet {
    fn default() -> Self {
        Self::new()
    }
}

impl Fleet {
    /// A tab with one server (not connected yet), for the connection form to fill.
    pub fn new() -> Fleet {
        let clock = Clock::new();
        let first = Member {
            id: 0,
            name: RwSignal::new(None),
            session: clock.session(),
        };
        Fleet {
            clock,
            members: RwSignal::new(vec![first]),
            current: RwSignal::new(0),
            sort: RwSignal::new((Column::Name, false)),
            filter: RwSignal::new(String::new()),
            next_id: StoredValue::new(1),
        }
    }

    /// The session of server `id` (the first server's if it is gone), subscribing to nothing.
    pub fn session_untracked(&self, id: u32) -> Session {
        self.members
            .with_untracked(|all| {
                all.iter()
                    .find(|m| m.id == id)
                    .or(all.first())
                    .map(|m| m.session)
            })
            // Nothing removes the tab's servers, so there is always a first one.
            .unwrap_or_else(|| self.clock.session())
    }

    pub fn len(&self) -> usize {
        self.members.with(Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a server to the tab (not connected yet).
    pub fn add(&self, name: Option<String>) -> Member {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let member = Member {
            id,
            name: RwSignal::new(name),
            session: self.clock.session(),
        };
        self.members.update(|all| all.push(member));
        member
    }

    /// The servers a link named (`#server=A&secret=X&name=Lobby&server=B&secret=Y`), or
    /// the saved list at start: each is opened (see [`Fleet::open`]). Returns what was not
    /// usable.
    pub fn open_all(&self, servers: &[LinkedServer]) -> Vec<String> {
        servers.iter().filter_map(|s| self.open(s).err()).collect()
    }

    /// Adds a server to the tab (into the first server's place while that one is unused)
    /// and connects it when a valid secret came with it; without one it waits, listed.
    pub fn open(&self, linked: &LinkedServer) -> Result<u32, String> {
        let endpoint =
            parse_address(&linked.server, false).map_err(|e| format!("{}: {e}", linked.server))?;
        // A server already open stays the one session it has.
        if let Some(id) = self.members.with_untracked(|all| {
            all.iter()
                .find(|m| {
                    m.session
                        .endpoint
                        .with_untracked(|e| e.as_ref() == Some(&endpoint))
                })
                .map(|m| m.id)
        }) {
            return Ok(id);
        }
        let unused = self.members.with_untracked(|all| {
            all.first()
                .copied()
                .filter(|m| all.len() == 1 && m.session.endpoint.with_untracked(Option::is_none))
        });
        let member = match unused {
            Some(first) => {
                first.name.set(linked.name.clone());
                first
            }
            None => self.add(linked.name.clone()),
        };
        match linked.secret.as_deref().map(check_secret) {
            Some(Ok(())) => {
                let secret = linked.secret.clone().unwrap_or_default();
                member.session.connect(endpoint, secret);
                Ok(member.id)
            }
            Some(Err(e)) => {
                member.session.endpoint.set(Some(endpoint));
                Err(format!("{}: {e}", linked.server))
            }
            None => {
                member.session.endpoint.set(Some(endpoint));
                Ok(member.id)
            }
        }
    }

    /// Names the server whose session this is (None: shown by its address).
    pub fn set_name(&self, session: Session, name: Option<String>) {
        self.members.with_untracked(|all| {
            if let Some(m) = all.iter().find(|m| m.session == session) {
                m.name.set(name);
            }
        });
    }

    /// Gives the server open at `url` (if any) the name the saved list now has for it.
    pub fn rename_address(&self, url: &str, name: &str) {
        self.members.with_untracked(|all| {
            for m in all {
                if m.session
                    .endpoint
                    .with_untracked(|e| e.as_ref().is_some_and(|e| e.url == url))
                {
                    m.name.set(Some(name.to_string()));
                }
            }
        });
    }

    /// Whether a server with this (normalized) address is open in the tab.
    pub fn has_address(&self, url: &str) -> bool {
        self.members.with(|all| {
            all.iter().any(|m| {
                m.session
                    .endpoint
                    .with(|e| e.as_ref().is_some_and(|e| e.url == url))
            })
        })
    }
}
