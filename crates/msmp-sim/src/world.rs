//! The simulated server's state and the changes a real server makes to it, each queuing
//! the notifications it causes. A change that changes nothing queues nothing.

use crate::gamerules::GameRules;
use crate::profiles::{Directory, Profile};
use crate::settings::Settings;
use msmp::catalog::{self, ProtocolVersion, NOTIFICATION_PREFIX};
use msmp::jsonrpc::encode_notification;
use msmp::types::{IpBan, Operator, Player, ServerState, UserBan, Version};
use serde_json::Value;

/// What a ban's `source` is when the request gives none.
pub const DEFAULT_SOURCE: &str = "Management server";

#[derive(Debug, Clone, PartialEq)]
pub struct OnlinePlayer {
    pub profile: Profile,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ban {
    pub profile: Profile,
    pub reason: Option<String>,
    pub source: String,
    pub expires: Option<String>,
}

impl Ban {
    pub fn to_api(&self) -> UserBan {
        UserBan {
            player: self.profile.player(),
            reason: self.reason.clone(),
            source: Some(self.source.clone()),
            expires: self.expires.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IpBanEntry {
    pub ip: String,
    pub reason: Option<String>,
    pub source: String,
    pub expires: Option<String>,
}

impl IpBanEntry {
    pub fn to_api(&self) -> IpBan {
        IpBan {
            ip: self.ip.clone(),
            reason: self.reason.clone(),
            source: Some(self.source.clone()),
            expires: self.expires.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub profile: Profile,
    pub level: i64,
    pub bypass: bool,
}

impl Op {
    pub fn to_api(&self) -> Operator {
        Operator {
            player: self.profile.player(),
            permission_level: Some(self.level),
            bypasses_player_limit: Some(self.bypass),
        }
    }
}

/// The game version a protocol version ships with (what `server/status` reports).
pub fn game_version(v: ProtocolVersion) -> Version {
    let (name, protocol) = match v {
        ProtocolVersion::V1_0_0 => ("1.21.10", 773),
        ProtocolVersion::V1_1_0 => ("25w43a", 0x4000_0000 + 277),
        ProtocolVersion::V2_0_0 => ("1.21.11", 774),
        ProtocolVersion::V3_0_0 => ("26.2", 776),
        ProtocolVersion::V3_1_0 => ("26.3-snapshot-1", 0x4000_0000 + 300),
    };
    Version {
        name: name.into(),
        protocol,
    }
}

pub struct World {
    pub version: ProtocolVersion,
    pub started: bool,
    pub directory: Directory,
    pub online: Vec<OnlinePlayer>,
    pub allowlist: Vec<Profile>,
    pub bans: Vec<Ban>,
    pub ip_bans: Vec<IpBanEntry>,
    pub operators: Vec<Op>,
    pub settings: Settings,
    pub rules: GameRules,
    /// Encoded notifications waiting to be sent (after the current response).
    pub out: Vec<String>,
    /// The persisted part changed since the last snapshot.
    pub dirty: bool,
    /// Something happened that `server/activity` reports.
    pub active: bool,
    next_address: u32,
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

impl World {
    pub fn new(version: ProtocolVersion) -> World {
        World {
            version,
            started: true,
            directory: Directory::seeded(),
            online: Vec::new(),
            allowlist: Vec::new(),
            bans: Vec::new(),
            ip_bans: Vec::new(),
            operators: Vec::new(),
            settings: Settings::default(),
            rules: GameRules::new(version),
            out: Vec::new(),
            dirty: false,
            active: false,
            next_address: 0,
        }
    }

    /// Queues `minecraft:notification/<short>` if protocol `version` has it.
    pub fn notify(&mut self, short: &str, param: Option<Value>) {
        let name = format!("{NOTIFICATION_PREFIX}{short}");
        if catalog::find(&name).is_some_and(|m| m.exists_in(self.version)) {
            self.out.push(encode_notification(&name, param.as_ref()));
        }
    }

    pub fn status(&self) -> ServerState {
        ServerState {
            started: self.started,
            version: Some(game_version(self.version)),
            players: if self.started {
                self.online.iter().map(|p| p.profile.player()).collect()
            } else {
                Vec::new()
            },
        }
    }

    pub fn online_players(&self) -> Vec<Player> {
        self.online.iter().map(|p| p.profile.player()).collect()
    }

    /// The online player a request means: by id if given, else by name (case-insensitive).
    pub fn find_online(&self, p: &Player) -> Option<usize> {
        match (&p.id, &p.name) {
            (Some(id), _) => self
                .online
                .iter()
                .position(|o| o.profile.id.eq_ignore_ascii_case(id)),
            (None, Some(n)) => self
                .online
                .iter()
                .position(|o| o.profile.name.eq_ignore_ascii_case(n)),
            _ => None,
        }
    }

    fn fresh_address(&mut self) -> String {
        self.next_address += 1;
        let n = self.next_address;
        format!("192.168.{}.{}", 1 + (n / 250) % 250, 10 + n % 240)
    }

    /// Why the server would refuse this player, if it would.
    pub fn refusal(&self, profile: &Profile, address: &str) -> Option<&'static str> {
        if self.bans.iter().any(|b| b.profile.id == profile.id) {
            return Some("You are banned from this server");
        }
        if self.ip_bans.iter().any(|b| b.ip == address) {
            return Some("Your IP address is banned from this server");
        }
        let is_op = self.operators.iter().any(|o| o.profile.id == profile.id);
        if self.settings.bool("use_allowlist")
            && !is_op
            && !self.allowlist.iter().any(|a| a.id == profile.id)
        {
            return Some("You are not white-listed on this server!");
        }
        let full = self.online.len() as i64 >= self.settings.int("max_players");
        let bypass = self
            .operators
            .iter()
            .any(|o| o.profile.id == profile.id && o.bypass);
        if full && !bypass {
            return Some("The server is full!");
        }
        None
    }

    /// Brings a player online (no-op if already online). `Err` carries the refusal.
    pub fn join(&mut self, profile: Profile, address: Option<String>) -> Result<Player, String> {
        if self.online.iter().any(|o| o.profile.id == profile.id) {
            return Ok(profile.player());
        }
        let address = address.unwrap_or_else(|| self.fresh_address());
        if let Some(why) = self.refusal(&profile, &address) {
            return Err(format!("{} cannot join: {why}", profile.name));
        }
        let player = profile.player();
        self.online.push(OnlinePlayer { profile, address });
        self.active = true;
        self.notify("players/joined", Some(to_value(&player)));
        Ok(player)
    }

    pub fn disconnect(&mut self, index: usize) {
        if index < self.online.len() {
            let gone = self.online.remove(index);
            self.active = true;
            self.notify("players/left", Some(to_value(&gone.profile.player())));
        }
    }

    pub fn allowlist_add(&mut self, p: Profile) {
        if !self.allowlist.contains(&p) {
            self.notify("allowlist/added", Some(to_value(&p.player())));
            self.allowlist.push(p);
            self.dirty = true;
        }
    }

    pub fn allowlist_remove(&mut self, p: &Profile) {
        if let Some(i) = self.allowlist.iter().position(|a| a.id == p.id) {
            let gone = self.allowlist.remove(i);
            self.notify("allowlist/removed", Some(to_value(&gone.player())));
            self.dirty = true;
        }
    }

    /// With the allowlist used and enforced, players not on it (and not operators) leave.
    pub fn kick_unlisted(&mut self) {
        if !(self.settings.bool("use_allowlist") && self.settings.bool("enforce_allowlist")) {
            return;
        }
        while let Some(i) = self.online.iter().position(|o| {
            !self.allowlist.iter().any(|a| a.id == o.profile.id)
                && !self
                    .operators
                    .iter()
                    .any(|op| op.profile.id == o.profile.id)
        }) {
            self.disconnect(i);
        }
    }

    /// Adds or replaces a ban; a banned online player is disconnected.
    pub fn ban_add(&mut self, ban: Ban) {
        match self
            .bans
            .iter()
            .position(|b| b.profile.id == ban.profile.id)
        {
            Some(i) if self.bans[i] == ban => return,
            Some(i) => self.bans[i] = ban.clone(),
            None => self.bans.push(ban.clone()),
        }
        self.dirty = true;
        self.notify("bans/added", Some(to_value(&ban.to_api())));
        if let Some(i) = self
            .online
            .iter()
            .position(|o| o.profile.id == ban.profile.id)
        {
            self.disconnect(i);
        }
    }

    pub fn ban_remove(&mut self, p: &Profile) {
        if let Some(i) = self.bans.iter().position(|b| b.profile.id == p.id) {
            let gone = self.bans.remove(i);
            self.dirty = true;
            self.notify("bans/removed", Some(to_value(&gone.profile.player())));
        }
    }

    /// Adds or replaces an IP ban; players connected from that address are disconnected.
    pub fn ip_ban_add(&mut self, ban: IpBanEntry) {
        match self.ip_bans.iter().position(|b| b.ip == ban.ip) {
            Some(i) if self.ip_bans[i] == ban => return,
            Some(i) => self.ip_bans[i] = ban.clone(),
            None => self.ip_bans.push(ban.clone()),
        }
        self.dirty = true;
        self.notify("ip_bans/added", Some(to_value(&ban.to_api())));
        while let Some(i) = self.online.iter().position(|o| o.address == ban.ip) {
            self.disconnect(i);
        }
    }

    pub fn ip_ban_remove(&mut self, ip: &str) {
        if let Some(i) = self.ip_bans.iter().position(|b| b.ip == ip) {
            let gone = self.ip_bans.remove(i);
            self.dirty = true;
            self.notify("ip_bans/removed", Some(Value::String(gone.ip)));
        }
    }

    /// Ops a player, or changes an existing operator's level or bypass flag.
    pub fn op_add(&mut self, op: Op) {
        match self
            .operators
            .iter()
            .position(|o| o.profile.id == op.profile.id)
        {
            Some(i) if self.operators[i] == op => return,
            Some(i) => self.operators[i] = op.clone(),
            None => self.operators.push(op.clone()),
        }
        self.dirty = true;
        self.notify("operators/added", Some(to_value(&op.to_api())));
    }

    pub fn op_remove(&mut self, p: &Profile) {
        if let Some(i) = self.operators.iter().position(|o| o.profile.id == p.id) {
            let gone = self.operators.remove(i);
            self.dirty = true;
            self.notify("operators/removed", Some(to_value(&gone.to_api())));
        }
    }
}
