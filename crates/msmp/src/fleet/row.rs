//! One server's row in the fleet overview, derived from its connection and model, and the
//! table's sorting, filter and totals.

use crate::link::{Connection, Link, SyncProblem};
use crate::model::{Refusal, ServerModel, Upgrade};
use crate::types::Version;
use serde_json::Value;
use std::cmp::Ordering;

/// Something on a server that wants the user's eye.
#[derive(Debug, Clone, PartialEq)]
pub enum Alert {
    /// `server/stopping` came and no `server/started` since.
    Stopping,
    /// Between `server/saving` and `server/saved`.
    Saving,
    /// The server told us (status or a refused call) that it has not started.
    NotStarted,
    UpgradeRunning {
        progress: Option<f64>,
    },
    UpgradeFailed {
        reason: String,
    },
    /// Getting in sync went wrong (discovery or getters failed); the link is still up.
    Sync(SyncProblem),
    /// The last call of the user's that the server refused.
    Refused(Refusal),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FleetRow {
    /// The panel's id for the server.
    pub id: u32,
    pub name: String,
    pub address: String,
    pub link: Link,
    /// While the link is lost: whole seconds until the next attempt (0 when due).
    pub retry_in_s: Option<u64>,
    /// Why the first attempt failed, when the transport could not even be created; a
    /// browser cannot tell why a socket failed otherwise (the panel's checklist does).
    pub failure: Option<String>,
    /// Minecraft's version name and network protocol number.
    pub minecraft: Option<Version>,
    /// The MSMP version `rpc.discover` reports, verbatim.
    pub protocol: Option<String>,
    pub online: usize,
    /// The `max_players` setting, when fetched.
    pub max_players: Option<u64>,
    /// Seconds since the last status heartbeat (none when the server sends none).
    pub heartbeat_age_s: Option<u64>,
    pub alerts: Vec<Alert>,
}

impl FleetRow {
    pub fn new(
        id: u32,
        name: &str,
        address: &str,
        conn: &Connection,
        m: &ServerModel,
        now_ms: u64,
    ) -> FleetRow {
        let link = conn.link().clone();
        let retry_in_s = match link {
            Link::Lost { retry_at_ms, .. } => {
                Some(retry_at_ms.saturating_sub(now_ms).div_ceil(1000))
            }
            _ => None,
        };
        let failure = match (&link, conn.problem()) {
            (Link::Failed { .. }, Some(SyncProblem::Refused(reason))) => Some(reason.clone()),
            _ => None,
        };
        let mut alerts = Vec::new();
        if m.stopping {
            alerts.push(Alert::Stopping);
        }
        if m.saving {
            alerts.push(Alert::Saving);
        }
        let problem = conn.problem().filter(|_| link.is_open());
        if m.started == Some(false) || problem == Some(&SyncProblem::NotStarted) {
            alerts.push(Alert::NotStarted);
        }
        match &m.upgrade {
            Some(Upgrade::Running { progress }) => alerts.push(Alert::UpgradeRunning {
                progress: *progress,
            }),
            Some(Upgrade::Failed { reason }) => alerts.push(Alert::UpgradeFailed {
                reason: reason.clone(),
            }),
            _ => {}
        }
        if let Some(p) = problem.filter(|p| **p != SyncProblem::NotStarted) {
            alerts.push(Alert::Sync(p.clone()));
        }
        if let Some(r) = &m.refusal {
            alerts.push(Alert::Refused(r.clone()));
        }
        FleetRow {
            id,
            name: name.to_string(),
            address: address.to_string(),
            link,
            retry_in_s,
            failure,
            minecraft: m.version.clone(),
            protocol: m.discover.as_ref().map(|d| d.protocol.clone()),
            online: m.players.len(),
            max_players: m.settings.get("max_players").and_then(Value::as_u64),
            heartbeat_age_s: m
                .last_heartbeat_ms
                .map(|at| now_ms.saturating_sub(at) / 1000),
            alerts,
        }
    }

    /// Whether the filter text occurs in the name or address, ignoring case.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        q.is_empty()
            || self.name.to_lowercase().contains(&q)
            || self.address.to_lowercase().contains(&q)
    }
}

/// A column of the overview, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Address,
    Link,
    Minecraft,
    Protocol,
    Players,
    Heartbeat,
    Alerts,
}

/// Connected first, then on the way there, then down.
fn link_rank(l: &Link) -> u8 {
    match l {
        Link::Ready => 0,
        Link::Syncing => 1,
        Link::Connecting => 2,
        Link::Reconnecting { .. } => 3,
        Link::Lost { .. } => 4,
        Link::Failed { .. } => 5,
        Link::Idle => 6,
    }
}

fn text_cmp(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// Dotted numbers compared as numbers ("3.10.0" after "3.9.0"); the rest as text.
fn version_cmp(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| {
        s.split('.')
            .map(|p| p.parse::<u64>().ok())
            .collect::<Vec<_>>()
    };
    parts(a).cmp(&parts(b)).then_with(|| a.cmp(b))
}

fn unknown_last<T>(a: Option<T>, b: Option<T>, known: impl FnOnce(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => known(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts the rows by `column`, stably: rows that compare equal keep their order (the
/// user's order of the server list). Rows without a value in that column (no version
/// yet, no heartbeat) go last in either direction.
pub fn sort(rows: &mut [FleetRow], column: Column, descending: bool) {
    let dir = |o: Ordering| if descending { o.reverse() } else { o };
    rows.sort_by(|a, b| match column {
        Column::Name => dir(text_cmp(&a.name, &b.name)),
        Column::Address => dir(text_cmp(&a.address, &b.address)),
        Column::Link => dir(link_rank(&a.link)
            .cmp(&link_rank(&b.link))
            .then(a.retry_in_s.cmp(&b.retry_in_s))),
        Column::Minecraft => unknown_last(a.minecraft.as_ref(), b.minecraft.as_ref(), |x, y| {
            dir(x
                .protocol
                .cmp(&y.protocol)
                .then_with(|| version_cmp(&x.name, &y.name)))
        }),
        Column::Protocol => unknown_last(a.protocol.as_deref(), b.protocol.as_deref(), |x, y| {
            dir(version_cmp(x, y))
        }),
        Column::Players => dir(a
            .online
            .cmp(&b.online)
            .then(a.max_players.cmp(&b.max_players))),
        Column::Heartbeat => {
            unknown_last(a.heartbeat_age_s, b.heartbeat_age_s, |x, y| dir(x.cmp(&y)))
        }
        Column::Alerts => dir(a.alerts.len().cmp(&b.alerts.len())),
    });
}

/// The rows whose name or address holds `query`, ignoring case, in their order.
pub fn filter<'a>(rows: &'a [FleetRow], query: &str) -> Vec<&'a FleetRow> {
    rows.iter().filter(|r| r.matches(query)).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub servers: usize,
    /// Links open (in sync or getting there).
    pub connected: usize,
    /// Players online across the connected servers (one player on two counts twice).
    pub players_online: usize,
}

pub fn totals(rows: &[FleetRow]) -> Totals {
    Totals {
        servers: rows.len(),
        connected: rows.iter().filter(|r| r.link.is_open()).count(),
        // A server out of reach has no players we know of.
        players_online: rows
            .iter()
            .filter(|r| r.link.is_open())
            .map(|r| r.online)
            .sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonrpc::RpcError;
    use serde_json::json;

    fn status(m: &mut ServerModel, players: usize, now: u64) {
        let players: Vec<Value> = (0..players)
            .map(|i| json!({"name": format!("p{i}")}))
            .collect();
        let s = json!([{"started": true, "version": {"name": "1.21.11", "protocol": 774}, "players": players}]);
        m.receive_notification("minecraft:notification/server/status", Some(&s), now);
    }

    fn ready(m: &mut ServerModel, now: u64) -> Connection {
        let mut c = Connection::new(1);
        c.connect();
        c.opened(now, m);
        let doc = crate::catalog::discover_document(crate::catalog::ProtocolVersion::V2_0_0);
        let id = 1; // the discover call is the first
        c.frame(
            Ok(json!({"jsonrpc": "2.0", "id": id, "result": doc})),
            now,
            m,
        );
        c
    }

    #[test]
    fn a_connected_server_shows_versions_players_and_heartbeat_age() {
        let mut m = ServerModel::new();
        let conn = ready(&mut m, 1_000);
        status(&mut m, 3, 10_000);
        m.apply_result("minecraft:serversettings/max_players", &json!(20))
            .unwrap();
        let row = FleetRow::new(7, "Lobby", "ws://a:1/", &conn, &m, 42_500);
        assert_eq!(row.link, Link::Syncing);
        assert_eq!(row.minecraft.as_ref().map(|v| v.protocol), Some(774));
        assert_eq!(row.protocol.as_deref(), Some("2.0.0"));
        assert_eq!((row.online, row.max_players), (3, Some(20)));
        assert_eq!(row.heartbeat_age_s, Some(32));
        assert!(row.alerts.is_empty(), "{:?}", row.alerts);
    }

    #[test]
    fn a_lost_link_says_when_it_retries_and_a_refused_open_says_why() {
        let mut m = ServerModel::new();
        let mut conn = ready(&mut m, 1_000);
        conn.closed(1006, 5_000);
        let Link::Lost { retry_at_ms, .. } = *conn.link() else {
            panic!("{:?}", conn.link())
        };
        let row = FleetRow::new(1, "a", "ws://a:1/", &conn, &m, 5_000);
        assert_eq!(row.retry_in_s, Some((retry_at_ms - 5_000).div_ceil(1000)));
        assert!(row.retry_in_s.unwrap() >= 1);
        let due = FleetRow::new(1, "a", "ws://a:1/", &conn, &m, retry_at_ms + 1);
        assert_eq!(due.retry_in_s, Some(0));
        let mut failed = Connection::new(1);
        failed.connect();
        failed.open_refused("blocked: mixed content".into());
        let row = FleetRow::new(1, "a", "ws://a:1/", &failed, &m, 0);
        assert_eq!(row.link, Link::Failed { code: 0 });
        assert_eq!(row.failure.as_deref(), Some("blocked: mixed content"));
    }

    #[test]
    fn alerts_come_from_what_the_server_said() {
        let mut m = ServerModel::new();
        let conn = ready(&mut m, 0);
        let note = |m: &mut ServerModel, n: &str, p: Option<Value>| {
            m.receive_notification(&format!("minecraft:notification/{n}"), p.as_ref(), 0);
        };
        note(&mut m, "server/stopping", None);
        note(&mut m, "server/saving", None);
        note(&mut m, "world/upgrade_progress", Some(json!([0.5])));
        m.note_refusal(
            "minecraft:bans/add",
            &RpcError::new(-32602, "Invalid params", None),
            0,
        );
        let row = FleetRow::new(1, "a", "ws://a:1/", &conn, &m, 0);
        assert_eq!(row.alerts.len(), 4, "{:?}", row.alerts);
        assert_eq!(row.alerts[0], Alert::Stopping);
        assert_eq!(row.alerts[1], Alert::Saving);
        assert_eq!(
            row.alerts[2],
            Alert::UpgradeRunning {
                progress: Some(0.5)
            }
        );
        assert!(matches!(&row.alerts[3], Alert::Refused(r) if r.method == "minecraft:bans/add"));
        note(&mut m, "server/saved", None);
        note(&mut m, "server/started", None);
        note(&mut m, "world/upgrade_finished", None);
        m.dismiss_refusal();
        assert!(FleetRow::new(1, "a", "ws://a:1/", &conn, &m, 0)
            .alerts
            .is_empty());
    }

    fn row(id: u32, name: &str, online: usize, heartbeat: Option<u64>, link: Link) -> FleetRow {
        FleetRow {
            id,
            name: name.into(),
            address: format!("ws://{}:1/", name.to_lowercase()),
            link,
            retry_in_s: None,
            failure: None,
            minecraft: None,
            protocol: None,
            online,
            max_players: None,
            heartbeat_age_s: heartbeat,
            alerts: Vec::new(),
        }
    }

    fn ids(rows: &[FleetRow]) -> Vec<u32> {
        rows.iter().map(|r| r.id).collect()
    }

    #[test]
    fn sorting_is_stable_both_ways_and_puts_unknowns_last() {
        let mut rows = vec![
            row(1, "survival", 5, Some(3), Link::Ready),
            row(2, "Lobby", 0, None, Link::Idle),
            row(3, "creative", 5, Some(1), Link::Ready),
            row(4, "minigames", 9, Some(9), Link::Failed { code: 1006 }),
        ];
        sort(&mut rows, Column::Players, true);
        assert_eq!(ids(&rows), [4, 1, 3, 2], "ties keep their order");
        sort(&mut rows, Column::Players, false);
        assert_eq!(ids(&rows), [2, 1, 3, 4]);
        sort(&mut rows, Column::Name, false);
        assert_eq!(ids(&rows), [3, 2, 4, 1], "case-insensitive");
        sort(&mut rows, Column::Heartbeat, false);
        assert_eq!(ids(&rows), [3, 1, 4, 2]);
        sort(&mut rows, Column::Heartbeat, true);
        assert_eq!(ids(&rows), [4, 1, 3, 2], "no heartbeat stays last");
        sort(&mut rows, Column::Link, false);
        assert_eq!(ids(&rows), [1, 3, 4, 2]);
    }

    #[test]
    fn versions_sort_as_numbers() {
        let mut rows = vec![
            row(1, "a", 0, None, Link::Ready),
            row(2, "b", 0, None, Link::Ready),
        ];
        rows[0].protocol = Some("3.10.0".into());
        rows[1].protocol = Some("3.9.0".into());
        sort(&mut rows, Column::Protocol, false);
        assert_eq!(ids(&rows), [2, 1]);
    }

    #[test]
    fn filter_and_totals() {
        let rows = vec![
            row(1, "Survival", 5, None, Link::Ready),
            row(2, "Lobby", 2, None, Link::Syncing),
            // Its last count is stale: not in the total.
            row(
                3,
                "Creative",
                4,
                None,
                Link::Lost {
                    retry_at_ms: 0,
                    attempt: 1,
                },
            ),
        ];
        let hits = |q: &str| filter(&rows, q).iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(hits("LOB"), [2]);
        assert_eq!(hits("ws://creative"), [3], "the address too");
        assert_eq!(hits("  "), [1, 2, 3]);
        assert!(hits("nether").is_empty());
        assert_eq!(
            totals(&rows),
            Totals {
                servers: 3,
                connected: 2,
                players_online: 7
            }
        );
    }
}
