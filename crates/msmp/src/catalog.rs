//! The method catalog: every method and notification of protocol 1.0.0–3.1.0 with its
//! group, parameter, result, description and the versions it exists in.
//!
//! It is the single source for the simulator (dispatch, `rpc.discover`) and the panel
//! (forms, settings, list editors). A test holds it against the real server's schema
//! documents, so anything written here is checked.

use serde_json::{json, Map, Value};
use std::sync::LazyLock;

/// The protocol versions the real server has shipped, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProtocolVersion {
    V1_0_0,
    V1_1_0,
    V2_0_0,
    V3_0_0,
    V3_1_0,
}

impl ProtocolVersion {
    pub const ALL: [ProtocolVersion; 5] = [
        ProtocolVersion::V1_0_0,
        ProtocolVersion::V1_1_0,
        ProtocolVersion::V2_0_0,
        ProtocolVersion::V3_0_0,
        ProtocolVersion::V3_1_0,
    ];
    pub const LATEST: ProtocolVersion = ProtocolVersion::V3_1_0;

    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolVersion::V1_0_0 => "1.0.0",
            ProtocolVersion::V1_1_0 => "1.1.0",
            ProtocolVersion::V2_0_0 => "2.0.0",
            ProtocolVersion::V3_0_0 => "3.0.0",
            ProtocolVersion::V3_1_0 => "3.1.0",
        }
    }

    /// Exactly one of the shipped versions.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The newest known version not newer than `s` (a server may be ahead of this build;
    /// it then speaks at least what we know). `None` for garbage or anything below 1.0.0.
    pub fn closest(s: &str) -> Option<Self> {
        let mut parts: Vec<u64> = s
            .split('.')
            .map(|p| p.trim().parse::<u64>())
            .collect::<Result<_, _>>()
            .ok()?;
        // "2" and "2.0" mean 2.0.0; without padding they would sort below it.
        while parts.len() < 3 {
            parts.push(0);
        }
        let key = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
        Self::ALL
            .into_iter()
            .rev()
            .find(|v| key(v.as_str()) <= parts)
    }

    /// 2.0.0 turned game rule values into booleans/integers and keys into registry ids.
    pub fn typed_game_rules(self) -> bool {
        self >= ProtocolVersion::V2_0_0
    }

    /// 3.0.0 refuses most methods until the server has started.
    pub fn gates_before_start(self) -> bool {
        self >= ProtocolVersion::V3_0_0
    }
}

impl std::fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The named schemas under `components.schemas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Component {
    Difficulty,
    GameType,
    IncomingIpBan,
    IpBan,
    KickPlayer,
    Message,
    Operator,
    Player,
    ServerState,
    SystemMessage,
    TypedGameRule,
    UntypedGameRule,
    UserBan,
    Version,
}

impl Component {
    pub const ALL: [Component; 14] = [
        Component::Difficulty,
        Component::GameType,
        Component::IncomingIpBan,
        Component::IpBan,
        Component::KickPlayer,
        Component::Message,
        Component::Operator,
        Component::Player,
        Component::ServerState,
        Component::SystemMessage,
        Component::TypedGameRule,
        Component::UntypedGameRule,
        Component::UserBan,
        Component::Version,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Component::Difficulty => "difficulty",
            Component::GameType => "game_type",
            Component::IncomingIpBan => "incoming_ip_ban",
            Component::IpBan => "ip_ban",
            Component::KickPlayer => "kick_player",
            Component::Message => "message",
            Component::Operator => "operator",
            Component::Player => "player",
            Component::ServerState => "server_state",
            Component::SystemMessage => "system_message",
            Component::TypedGameRule => "typed_game_rule",
            Component::UntypedGameRule => "untyped_game_rule",
            Component::UserBan => "user_ban",
            Component::Version => "version",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The component's definition in protocol `v`; the objects' properties are declared
    /// with their types in `types.rs`.
    pub fn shape(self, v: ProtocolVersion) -> Shape {
        use crate::types as t;
        match self {
            Component::Difficulty => Shape::Enum(t::Difficulty::KNOWN),
            Component::GameType => Shape::Enum(t::GameType::KNOWN),
            Component::IncomingIpBan => Shape::Object(t::IncomingIpBan::properties(v)),
            Component::IpBan => Shape::Object(t::IpBan::properties(v)),
            Component::KickPlayer => Shape::Object(t::KickPlayer::properties(v)),
            Component::Message => Shape::Object(t::Message::properties(v)),
            Component::Operator => Shape::Object(t::Operator::properties(v)),
            Component::Player => Shape::Object(t::Player::properties(v)),
            Component::ServerState => Shape::Object(t::ServerState::properties(v)),
            Component::SystemMessage => Shape::Object(t::SystemMessage::properties(v)),
            Component::TypedGameRule => Shape::Object(t::TypedGameRule::properties(v)),
            Component::UntypedGameRule => Shape::Object(t::UntypedGameRule::properties(v)),
            Component::UserBan => Shape::Object(t::UserBan::properties(v)),
            Component::Version => Shape::Object(t::Version::properties(v)),
        }
    }
}

/// A component's definition: a string enum or an object with typed properties.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Enum(&'static [&'static str]),
    Object(Vec<(&'static str, Schema)>),
}

impl Shape {
    pub fn to_json(&self) -> Value {
        match self {
            Shape::Enum(values) => json!({"type": "string", "enum": values}),
            Shape::Object(props) => {
                // Inserted one by one: collecting would sort first (more code in the panel).
                let mut map = Map::new();
                for (name, schema) in props.iter() {
                    map.insert(name.to_string(), schema.to_json());
                }
                let props = map;
                json!({"type": "object", "properties": props})
            }
        }
    }
}

/// A JSON schema as the real documents use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Bool,
    Int,
    Number,
    Str,
    /// `{"type": ["boolean", "integer"]}` (2.0.0+ game rule values).
    BoolOrInt,
    /// An inline string enum.
    StrEnum(&'static [&'static str]),
    Ref(Component),
    Array(&'static Schema),
}

impl Schema {
    pub fn to_json(&self) -> Value {
        match self {
            Schema::Bool => json!({"type": "boolean"}),
            Schema::Int => json!({"type": "integer"}),
            Schema::Number => json!({"type": "number"}),
            Schema::Str => json!({"type": "string"}),
            Schema::BoolOrInt => json!({"type": ["boolean", "integer"]}),
            Schema::StrEnum(values) => json!({"type": "string", "enum": values}),
            Schema::Ref(c) => json!({"$ref": format!("#/components/schemas/{}", c.name())}),
            Schema::Array(items) => json!({"type": "array", "items": items.to_json()}),
        }
    }
}

/// A named parameter or result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub schema: Schema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A request the client sends; it has a result.
    Method,
    /// Sent by the server; no id, no result.
    Notification,
}

/// How the panel groups methods into pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Players,
    Allowlist,
    Bans,
    IpBans,
    Operators,
    Server,
    Settings,
    GameRules,
    World,
}

/// One method or notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodSpec {
    /// Full name, e.g. `minecraft:allowlist/add` or `minecraft:notification/players/joined`.
    pub name: &'static str,
    pub kind: Kind,
    pub group: Group,
    pub param: Option<Param>,
    pub result: Option<Param>,
    /// The first version that has it; no method has been removed so far.
    pub since: ProtocolVersion,
}

impl MethodSpec {
    pub fn exists_in(&self, v: ProtocolVersion) -> bool {
        v >= self.since
    }

    /// What the real server's document says of it in version `v`.
    pub fn description_in(&self, v: ProtocolVersion) -> &'static str {
        let short = self.short_name();
        if let Some(i) = SETTINGS.iter().position(|s| s.get_method == self.name) {
            return SETTING_GET_TEXTS[i];
        }
        if let Some(s) = SETTINGS.iter().find(|s| s.set_method == self.name) {
            return s.set_description;
        }
        let texts: &[&[(&str, &str)]] = match self.kind {
            // The heartbeat only gained its "before the server has spun up" wording in 3.0.0.
            Kind::Notification if short == "server/status" && v < ProtocolVersion::V3_0_0 => {
                return "Server status heartbeat";
            }
            Kind::Notification => &[NOTIFICATION_TEXTS],
            Kind::Method => &[LEADING_TEXTS, TRAILING_TEXTS],
        };
        texts
            .iter()
            .flat_map(|t| t.iter())
            .find(|(name, _)| *name == short)
            .map_or("", |(_, text)| text)
    }

    /// The name without the `minecraft:` namespace (and `notification/` for notifications).
    pub fn short_name(&self) -> &'static str {
        let n = self.name.strip_prefix(NAMESPACE).unwrap_or(self.name);
        n.strip_prefix("notification/").unwrap_or(n)
    }
}

pub const NAMESPACE: &str = "minecraft:";
pub const NOTIFICATION_PREFIX: &str = "minecraft:notification/";

/// A method name with the implied `minecraft:` namespace made explicit.
pub fn qualify(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains(':') {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(format!("{NAMESPACE}{name}"))
    }
}

/// The inclusive range the server allows for an integer game rule of 2.0.0+ (Minecraft
/// 1.21.11 on), which its schema does not state. Source: PROTOCOL.md (the 1.21.11 release
/// notes), checked against the decompiled 1.21.11 `GameRules` (`registerInteger` bounds);
/// there `max_command_forks` has a minimum of 0, where the release notes say 1: the notes
/// are followed. Other integer rules take any 32-bit value; 1.x rules have no bounds.
pub fn game_rule_bounds(key: &str) -> (i64, i64) {
    const MAX: i64 = i32::MAX as i64;
    let id = key.strip_prefix(NAMESPACE).unwrap_or(key);
    match id {
        "max_snow_accumulation_height" => (0, 8),
        "max_block_modifications" | "max_command_forks" => (1, MAX),
        "fire_spread_radius_around_player" => (-1, MAX),
        "max_command_sequence_length"
        | "max_entity_cramming"
        | "players_nether_portal_default_delay"
        | "players_nether_portal_creative_delay"
        | "players_sleeping_percentage"
        | "random_tick_speed"
        | "respawn_radius" => (0, MAX),
        _ => (i32::MIN.into(), MAX),
    }
}

/// One server setting: a `serversettings/<key>` getter and its `/set`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub key: &'static str,
    pub get_method: &'static str,
    pub set_method: &'static str,
    /// The `/set` parameter name.
    pub param: &'static str,
    /// The name the schema gives the result of both.
    pub result: &'static str,
    pub schema: Schema,
    pub set_description: &'static str,
    /// Inclusive bounds a form should enforce for integers (the server itself checks less).
    pub limits: Option<(i64, i64)>,
}

macro_rules! setting {
    ($key:literal, $param:literal, $result:literal, $schema:expr, $limits:expr, $set:literal) => {
        Setting {
            key: $key,
            get_method: concat!("minecraft:serversettings/", $key),
            set_method: concat!("minecraft:serversettings/", $key, "/set"),
            param: $param,
            result: $result,
            schema: $schema,
            set_description: $set,
            limits: $limits,
        }
    };
}

const DIFFICULTY: Schema = Schema::Ref(Component::Difficulty);
const GAME_TYPE: Schema = Schema::Ref(Component::GameType);
const I32_MAX: i64 = i32::MAX as i64;

macro_rules! settings {
    ($(($key:literal, $param:literal, $result:literal, $schema:expr, $limits:expr, $get:literal, $set:literal $(,)?)),* $(,)?) => {
        /// All 20 settings, in the order the real document lists them.
        pub static SETTINGS: [Setting; 20] = [$(setting!($key, $param, $result, $schema, $limits, $set)),*];
        /// The getters' descriptions, in the same order: only the discover document reads
        /// them (see `entries!`).
        const SETTING_GET_TEXTS: [&str; 20] = [$($get),*];
    };
}

settings! {
    ("autosave", "enable", "enabled", Schema::Bool, None,
        "Get whether automatic world saving is enabled on the server",
        "Enable or disable automatic world saving on the server"),
    ("difficulty", "difficulty", "difficulty", DIFFICULTY, None,
        "Get the current difficulty level of the server",
        "Set the difficulty level of the server"),
    ("enforce_allowlist", "enforce", "enforced", Schema::Bool, None,
        "Get whether allowlist enforcement is enabled (kicks players immediately when removed from allowlist)",
        "Enable or disable allowlist enforcement (when enabled, players are kicked immediately upon removal from allowlist)"),
    ("use_allowlist", "use", "used", Schema::Bool, None,
        "Get whether the allowlist is enabled on the server",
        "Enable or disable the allowlist on the server (controls whether only allowlisted players can join)"),
    ("max_players", "max", "max", Schema::Int, Some((0, I32_MAX)),
        "Get the maximum number of players allowed to connect to the server",
        "Set the maximum number of players allowed to connect to the server"),
    ("pause_when_empty_seconds", "seconds", "seconds", Schema::Int, Some((0, I32_MAX)),
        "Get the number of seconds before the game is automatically paused when no players are online",
        "Set the number of seconds before the game is automatically paused when no players are online"),
    ("player_idle_timeout", "seconds", "seconds", Schema::Int, Some((0, I32_MAX)),
        "Get the number of seconds before idle players are automatically kicked from the server",
        "Set the number of seconds before idle players are automatically kicked from the server"),
    ("allow_flight", "allow", "allowed", Schema::Bool, None,
        "Get whether flight is allowed for players in Survival mode",
        "Allow or disallow flight for players in Survival mode"),
    ("motd", "message", "message", Schema::Str, None,
        "Get the server's message of the day displayed to players",
        "Set the server's message of the day displayed to players"),
    ("spawn_protection_radius", "radius", "radius", Schema::Int, Some((0, I32_MAX)),
        "Get the spawn protection radius in blocks (only operators can edit within this area)",
        "Set the spawn protection radius in blocks (only operators can edit within this area)"),
    ("force_game_mode", "force", "forced", Schema::Bool, None,
        "Get whether players are forced to use the server's default game mode",
        "Enable or disable forcing players to use the server's default game mode"),
    ("game_mode", "mode", "mode", GAME_TYPE, None,
        "Get the server's default game mode",
        "Set the server's default game mode"),
    ("view_distance", "distance", "distance", Schema::Int, Some((3, 32)),
        "Get the server's view distance in chunks",
        "Set the server's view distance in chunks"),
    ("simulation_distance", "distance", "distance", Schema::Int, Some((3, 32)),
        "Get the server's simulation distance in chunks",
        "Set the server's simulation distance in chunks"),
    ("accept_transfers", "accept", "accepted", Schema::Bool, None,
        "Get whether the server accepts player transfers from other servers",
        "Enable or disable accepting player transfers from other servers"),
    ("status_heartbeat_interval", "seconds", "seconds", Schema::Int, Some((0, I32_MAX)),
        "Get the interval in seconds between server status heartbeats",
        "Set the interval in seconds between server status heartbeats"),
    ("operator_user_permission_level", "level", "level", Schema::Int, Some((0, 4)),
        "Get default operator permission level",
        "Set default operator permission level"),
    ("hide_online_players", "hide", "hidden", Schema::Bool, None,
        "Get whether the server hides online player information from status queries",
        "Enable or disable hiding online player information from status queries"),
    ("status_replies", "enable", "enabled", Schema::Bool, None,
        "Get whether the server responds to connection status requests",
        "Enable or disable the server responding to connection status requests"),
    ("entity_broadcast_range", "percentage_points", "percentage_points", Schema::Int, Some((10, 1000)),
        "Get the entity broadcast range as a percentage",
        "Set the entity broadcast range as a percentage"),
}

pub fn setting(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// An editable list (allowlist, bans, IP bans, operators): the methods and notifications
/// that read and change it. The panel's list editors are generated from these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListSpec {
    pub group: Group,
    /// The name without namespace, e.g. `ip_bans`.
    pub base: &'static str,
    pub get: &'static str,
    pub set: &'static str,
    pub add: &'static str,
    pub remove: &'static str,
    pub clear: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    /// What the list holds.
    pub item: Component,
    /// What `add` takes (differs for IP bans).
    pub add_item: Component,
}

macro_rules! list {
    ($group:expr, $base:literal, $item:expr, $add_item:expr) => {
        ListSpec {
            group: $group,
            base: $base,
            get: concat!("minecraft:", $base),
            set: concat!("minecraft:", $base, "/set"),
            add: concat!("minecraft:", $base, "/add"),
            remove: concat!("minecraft:", $base, "/remove"),
            clear: concat!("minecraft:", $base, "/clear"),
            added: concat!("minecraft:notification/", $base, "/added"),
            removed: concat!("minecraft:notification/", $base, "/removed"),
            item: $item,
            add_item: $add_item,
        }
    };
}

pub static LISTS: [ListSpec; 4] = [
    list!(
        Group::Allowlist,
        "allowlist",
        Component::Player,
        Component::Player
    ),
    list!(Group::Bans, "bans", Component::UserBan, Component::UserBan),
    list!(
        Group::IpBans,
        "ip_bans",
        Component::IpBan,
        Component::IncomingIpBan
    ),
    list!(
        Group::Operators,
        "operators",
        Component::Operator,
        Component::Operator
    ),
];

pub fn list(group: Group) -> Option<&'static ListSpec> {
    LISTS.iter().find(|l| l.group == group)
}

const fn p(name: &'static str, schema: Schema) -> Option<Param> {
    Some(Param { name, schema })
}

const PLAYER: Schema = Schema::Ref(Component::Player);
const PLAYERS: Schema = Schema::Array(&PLAYER);
const USER_BAN: Schema = Schema::Ref(Component::UserBan);
const USER_BANS: Schema = Schema::Array(&USER_BAN);
const IP_BAN: Schema = Schema::Ref(Component::IpBan);
const IP_BANS: Schema = Schema::Array(&IP_BAN);
const INCOMING_IP_BAN: Schema = Schema::Ref(Component::IncomingIpBan);
const INCOMING_IP_BANS: Schema = Schema::Array(&INCOMING_IP_BAN);
const STRINGS: Schema = Schema::Array(&Schema::Str);
const KICK: Schema = Schema::Ref(Component::KickPlayer);
const KICKS: Schema = Schema::Array(&KICK);
const OPERATOR: Schema = Schema::Ref(Component::Operator);
const OPERATORS: Schema = Schema::Array(&OPERATOR);
const TYPED_RULE: Schema = Schema::Ref(Component::TypedGameRule);
const TYPED_RULES: Schema = Schema::Array(&TYPED_RULE);

struct Entry(
    &'static str,
    Group,
    Option<Param>,
    Option<Param>,
    ProtocolVersion,
);

/// One table of methods or notifications, and beside it their descriptions. Only the
/// discover document (the simulator's) reads a description, so a client's build, which
/// never does, leaves the text out.
macro_rules! entries {
    ($(#[$doc:meta])* $table:ident, $texts:ident: $(($name:literal, $group:expr, $text:literal, $param:expr, $result:expr, $since:expr $(,)?)),* $(,)?) => {
        $(#[$doc])*
        const $table: &[Entry] = &[$(Entry($name, $group, $param, $result, $since)),*];
        const $texts: &[(&str, &str)] = &[$(($name, $text)),*];
    };
}

use Group as G;
use ProtocolVersion::{V1_0_0 as V1, V1_1_0 as V1_1, V3_1_0 as V3_1};

entries! {
    /// Requests before the settings block, in document order.
    LEADING, LEADING_TEXTS:
    (
        "allowlist",
        G::Allowlist,
        "Get the allowlist",
        None,
        p("allowlist", PLAYERS),
        V1,
    ),
    (
        "allowlist/set",
        G::Allowlist,
        "Set the allowlist",
        p("players", PLAYERS),
        p("allowlist", PLAYERS),
        V1,
    ),
    (
        "allowlist/add",
        G::Allowlist,
        "Add players to allowlist",
        p("add", PLAYERS),
        p("allowlist", PLAYERS),
        V1,
    ),
    (
        "allowlist/remove",
        G::Allowlist,
        "Remove players from allowlist",
        p("remove", PLAYERS),
        p("allowlist", PLAYERS),
        V1,
    ),
    (
        "allowlist/clear",
        G::Allowlist,
        "Clear all players in allowlist",
        None,
        p("allowlist", PLAYERS),
        V1,
    ),
    (
        "bans",
        G::Bans,
        "Get the ban list",
        None,
        p("banlist", USER_BANS),
        V1,
    ),
    (
        "bans/set",
        G::Bans,
        "Set the banlist",
        p("bans", USER_BANS),
        p("banlist", USER_BANS),
        V1,
    ),
    (
        "bans/add",
        G::Bans,
        "Add players to ban list",
        p("add", USER_BANS),
        p("banlist", USER_BANS),
        V1,
    ),
    (
        "bans/remove",
        G::Bans,
        "Remove players from ban list",
        p("remove", PLAYERS),
        p("banlist", USER_BANS),
        V1,
    ),
    (
        "bans/clear",
        G::Bans,
        "Clear all players in ban list",
        None,
        p("banlist", USER_BANS),
        V1,
    ),
    (
        "ip_bans",
        G::IpBans,
        "Get the ip ban list",
        None,
        p("banlist", IP_BANS),
        V1,
    ),
    (
        "ip_bans/set",
        G::IpBans,
        "Set the ip banlist",
        p("banlist", IP_BANS),
        p("banlist", IP_BANS),
        V1,
    ),
    (
        "ip_bans/add",
        G::IpBans,
        "Add ip to ban list",
        p("add", INCOMING_IP_BANS),
        p("banlist", IP_BANS),
        V1,
    ),
    (
        "ip_bans/remove",
        G::IpBans,
        "Remove ip from ban list",
        p("ip", STRINGS),
        p("banlist", IP_BANS),
        V1,
    ),
    (
        "ip_bans/clear",
        G::IpBans,
        "Clear all ips in ban list",
        None,
        p("banlist", IP_BANS),
        V1,
    ),
    (
        "players",
        G::Players,
        "Get all connected players",
        None,
        p("players", PLAYERS),
        V1,
    ),
    (
        "players/kick",
        G::Players,
        "Kick players",
        p("kick", KICKS),
        p("kicked", PLAYERS),
        V1,
    ),
    (
        "operators",
        G::Operators,
        "Get all oped players",
        None,
        p("operators", OPERATORS),
        V1,
    ),
    (
        "operators/set",
        G::Operators,
        "Set all oped players",
        p("operators", OPERATORS),
        p("operators", OPERATORS),
        V1,
    ),
    (
        "operators/add",
        G::Operators,
        "Op players",
        p("add", OPERATORS),
        p("operators", OPERATORS),
        V1,
    ),
    (
        "operators/remove",
        G::Operators,
        "Deop players",
        p("remove", PLAYERS),
        p("operators", OPERATORS),
        V1,
    ),
    (
        "operators/clear",
        G::Operators,
        "Deop all players",
        None,
        p("operators", OPERATORS),
        V1,
    ),
    (
        "server/status",
        G::Server,
        "Get server status",
        None,
        p("status", Schema::Ref(Component::ServerState)),
        V1,
    ),
    (
        "server/save",
        G::Server,
        "Save server state",
        p("flush", Schema::Bool),
        p("saving", Schema::Bool),
        V1,
    ),
    (
        "server/stop",
        G::Server,
        "Stop server",
        None,
        p("stopping", Schema::Bool),
        V1,
    ),
    (
        "server/system_message",
        G::Server,
        "Send a system message",
        p("message", Schema::Ref(Component::SystemMessage)),
        p("sent", Schema::Bool),
        V1,
    ),
}

entries! {
    /// Requests after the settings block.
    TRAILING, TRAILING_TEXTS:
    (
        "gamerules",
        G::GameRules,
        "Get the available game rule keys and their current values",
        None,
        p("gamerules", TYPED_RULES),
        V1,
    ),
    (
        "gamerules/update",
        G::GameRules,
        "Update game rule value",
        p("gamerule", Schema::Ref(Component::UntypedGameRule)),
        p("gamerule", TYPED_RULE),
        V1,
    ),
}

entries! {
    /// Notifications, in document order (names without `minecraft:notification/`).
    NOTIFICATIONS, NOTIFICATION_TEXTS:
    (
        "server/started",
        G::Server,
        "Server started",
        None,
        None,
        V1,
    ),
    (
        "server/stopping",
        G::Server,
        "Server shutting down",
        None,
        None,
        V1,
    ),
    (
        "server/saving",
        G::Server,
        "Server save started",
        None,
        None,
        V1,
    ),
    (
        "server/saved",
        G::Server,
        "Server save completed",
        None,
        None,
        V1,
    ),
    (
        "server/activity",
        G::Server,
        "Server activity occurred. Rate limited to 1 notification per 30 seconds",
        None,
        None,
        V1_1,
    ),
    (
        "world/upgrade_started",
        G::World,
        "World upgrade started",
        None,
        None,
        V3_1,
    ),
    (
        "world/upgrade_progress",
        G::World,
        "World upgrade progress. Rate limited to 1 notification per second",
        p("progress", Schema::Number),
        None,
        V3_1,
    ),
    (
        "world/upgrade_finished",
        G::World,
        "World upgrade finished",
        None,
        None,
        V3_1,
    ),
    (
        "world/upgrade_failed",
        G::World,
        "World upgrade failed",
        p("reason", Schema::Str),
        None,
        V3_1,
    ),
    (
        "players/joined",
        G::Players,
        "Player joined",
        p("player", PLAYER),
        None,
        V1,
    ),
    (
        "players/left",
        G::Players,
        "Player left",
        p("player", PLAYER),
        None,
        V1,
    ),
    (
        "operators/added",
        G::Operators,
        "Player was oped",
        p("player", OPERATOR),
        None,
        V1,
    ),
    (
        "operators/removed",
        G::Operators,
        "Player was deoped",
        p("player", OPERATOR),
        None,
        V1,
    ),
    (
        "allowlist/added",
        G::Allowlist,
        "Player was added to allowlist",
        p("player", PLAYER),
        None,
        V1,
    ),
    (
        "allowlist/removed",
        G::Allowlist,
        "Player was removed from allowlist",
        p("player", PLAYER),
        None,
        V1,
    ),
    (
        "ip_bans/added",
        G::IpBans,
        "Ip was added to ip ban list",
        p("player", IP_BAN),
        None,
        V1,
    ),
    (
        "ip_bans/removed",
        G::IpBans,
        "Ip was removed from ip ban list",
        p("player", Schema::Str),
        None,
        V1,
    ),
    (
        "bans/added",
        G::Bans,
        "Player was added to ban list",
        p("player", USER_BAN),
        None,
        V1,
    ),
    (
        "bans/removed",
        G::Bans,
        "Player was removed from ban list",
        p("player", PLAYER),
        None,
        V1,
    ),
    (
        "gamerules/updated",
        G::GameRules,
        "Gamerule was changed",
        p("gamerule", TYPED_RULE),
        None,
        V1,
    ),
    (
        "server/status",
        G::Server,
        "Server status heartbeat, including before the server has spun up",
        p("status", Schema::Ref(Component::ServerState)),
        None,
        V1,
    ),
}

static CATALOG: LazyLock<Vec<MethodSpec>> = LazyLock::new(|| {
    let request = |e: &Entry, name: &'static str| MethodSpec {
        name,
        kind: Kind::Method,
        group: e.1,
        param: e.2,
        result: e.3,
        since: e.4,
    };
    // Names are built once for the process; leaking them keeps `MethodSpec` `Copy`.
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut all = Vec::with_capacity(
        LEADING.len() + 2 * SETTINGS.len() + TRAILING.len() + NOTIFICATIONS.len(),
    );
    all.extend(
        LEADING
            .iter()
            .map(|e| request(e, leak(format!("{NAMESPACE}{}", e.0)))),
    );
    for s in &SETTINGS {
        let result = p(s.result, s.schema);
        all.push(MethodSpec {
            name: s.get_method,
            kind: Kind::Method,
            group: Group::Settings,
            param: None,
            result,
            since: V1,
        });
        all.push(MethodSpec {
            name: s.set_method,
            kind: Kind::Method,
            group: Group::Settings,
            param: p(s.param, s.schema),
            result,
            since: V1,
        });
    }
    all.extend(
        TRAILING
            .iter()
            .map(|e| request(e, leak(format!("{NAMESPACE}{}", e.0)))),
    );
    all.extend(NOTIFICATIONS.iter().map(|e| MethodSpec {
        kind: Kind::Notification,
        ..request(e, leak(format!("{NOTIFICATION_PREFIX}{}", e.0)))
    }));
    all
});

/// Every method and notification of every version, in document order.
pub fn all() -> &'static [MethodSpec] {
    &CATALOG
}

/// The methods and notifications protocol `v` has, in document order.
pub fn methods(v: ProtocolVersion) -> impl Iterator<Item = &'static MethodSpec> {
    CATALOG.iter().filter(move |m| m.exists_in(v))
}

/// The calls that read a server's whole state (lists, players, status, settings, game
/// rules), in catalog order: what a client fetches after connecting.
pub fn state_getters() -> impl Iterator<Item = &'static str> {
    LISTS
        .iter()
        .map(|l| l.get)
        .chain(["minecraft:players", "minecraft:server/status"])
        .chain(SETTINGS.iter().map(|s| s.get_method))
        .chain(["minecraft:gamerules"])
}

/// Looks a method or notification up by name; `players` means `minecraft:players`.
pub fn find(name: &str) -> Option<&'static MethodSpec> {
    let name = qualify(name);
    CATALOG.iter().find(|m| m.name == name)
}

/// Looks up a request (not a notification) that exists in `v`.
pub fn find_method(name: &str, v: ProtocolVersion) -> Option<&'static MethodSpec> {
    find(name).filter(|m| m.kind == Kind::Method && m.exists_in(v))
}

fn method_json(m: &MethodSpec, v: ProtocolVersion) -> Value {
    let params: Vec<Value> = m
        .param
        .iter()
        .map(|p| json!({"name": p.name, "required": true, "schema": p.schema.to_json()}))
        .collect();
    let mut out = json!({
        "name": m.name,
        "description": m.description_in(v),
        "params": params,
    });
    if let Some(r) = m.result {
        out["result"] = json!({"name": r.name, "schema": r.schema.to_json()});
    }
    out
}

/// The `rpc.discover` document of protocol `v`, as the real server returns it.
pub fn discover_document(v: ProtocolVersion) -> Value {
    let mut schemas = Map::new();
    for c in Component::ALL {
        schemas.insert(c.name().to_string(), c.shape(v).to_json());
    }
    json!({
        "openrpc": "1.3.2",
        "info": {"title": "Minecraft Server JSON-RPC", "version": v.as_str()},
        "methods": methods(v).map(|m| method_json(m, v)).collect::<Vec<_>>(),
        "components": {"schemas": schemas},
    })
}
