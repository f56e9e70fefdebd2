//! Every user-facing string of the panel, in one place, in English ([`EN`]) and Simplified
//! Chinese (`zh_cn`, which the release build fetches as a chunk when chosen). Messages with
//! values use `{}` (or numbered `{0}`, `{1}`) placeholders filled by [`fill`]. Views read
//! the language in use through [`t`].

use std::cell::Cell;

pub mod zh_cn;

macro_rules! strings {
    ($($key:ident = $en:literal,)*) => {
        pub struct Strings { $(pub $key: &'static str,)* }
        pub static EN: Strings = Strings { $($key: $en,)* };

        impl Strings {
            /// Every string with its key, for tests comparing languages.
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key),)*]
            }
        }
    };
}

strings! {
    app_title = "MSMP Panel",
    language_label = "Language",
    language_failed = "That language could not be loaded: check your connection to the panel's site, then pick it again.",
    theme_label = "Theme",
    theme_system = "System",
    theme_light = "Light",
    theme_dark = "Dark",
    // Connection
    connect_heading = "Connect to a server",
    address_label = "Server address",
    address_missing = "Enter the server address, e.g. ws://127.0.0.1:25585",
    address_scheme = "The address must start with ws:// or wss:// (or be just host:port).",
    address_path = "The management server listens on path /: leave out any path or query.",
    address_no_host = "The address has no host name.",
    address_bad_host = "\"{}\" is not a valid host name.",
    address_bad_port = "\"{}\" is not a port number (1–65535).",
    address_no_port = "Add the port: management-server-port from server.properties, e.g. host:25585",
    address_ipv6_brackets = "Write IPv6 addresses in brackets, e.g. [::1]:25585",
    secret_length = "The secret must be exactly 40 letters and digits (this one has {} characters).",
    secret_characters = "The secret may only contain letters A–Z, a–z and digits 0–9 (found {}).",
    line_not_a_player = "Line {}: \"{}\" is neither a player name (1–16 letters, digits, _) nor a UUID.",
    line_not_an_ip = "Line {}: \"{}\" is not an IPv4 or IPv6 address.",
    players_required = "Enter at least one player name or UUID, one per line.",
    address_hint = "ws://host:port or wss://host:port (management-server-host and -port)",
    secret_label = "Secret",
    secret_hint = "management-server-secret: 40 letters and digits",
    show_secret = "Show secret",
    hide_secret = "Hide secret",
    remember_label = "Remember on this device",
    remember_hint = "On: the secret is stored unencrypted in this browser, for this address only, and anything running on this page's origin can read it. Off: it stays in this tab's memory only.",
    address_from_link = "This address comes from the link you opened: check that it is your server before you connect.",
    secret_saved_here = "A secret is saved on this device for this address.",
    forget_secret = "Forget saved secret",
    forget_all_secrets = "Forget all saved secrets ({})",
    secret_other_server = "The saved secret belongs to another server: enter this server's secret.",
    connect = "Connect",
    disconnect = "Disconnect",
    connecting = "Connecting…",
    socket_refused = "The browser refused to open the connection.",
    syncing = "Loading the server's state…",
    page_loading = "Loading this page…",
    link_servers_failed = "Some servers of the link you opened could not be connected:",
    server_not_connected = "Not connected to {}. Enter its secret to connect (or leave it empty to use the one given before).",
    server_failed = "Could not connect to {}: check that it runs and allows this page's origin, then try again.",
    server_secret_needed = "Enter this server's secret.",
    fleet_filter = "Filter servers",
    fleet_totals = "{} of {} servers connected · {} players online",
    fleet_name = "Name",
    fleet_address = "Address",
    fleet_link = "Connection",
    fleet_minecraft = "Minecraft",
    fleet_protocol = "MSMP",
    fleet_players = "Players",
    fleet_heartbeat = "Heartbeat",
    fleet_alerts = "Alerts",
    fleet_none = "No server matches the filter.",
    link_idle = "not connected",
    link_connecting = "connecting",
    link_syncing = "loading state",
    link_ready = "connected",
    link_failed = "failed: {}",
    link_failed_unknown = "failed: the server did not accept the connection",
    link_lost = "lost, retrying in {} s",
    link_reconnecting = "lost, reconnecting (attempt {})",
    alert_stopping = "stopping",
    alert_saving = "saving",
    alert_not_started = "not started",
    alert_upgrade = "world upgrade {}",
    alert_upgrade_failed = "world upgrade failed: {}",
    alert_sync = "sync problem",
    alert_refused = "{} refused: {}",
    page_bulk = "Bulk actions",
    page_lookup = "Find a player",
    page_compare = "Compare lists",
    servers_saved = "Saved servers",
    servers_actions = "Actions",
    servers_added = "Saved {}.",
    servers_renamed = "Renamed.",
    servers_removed = "Removed {} (and its saved secret).",
    servers_forgot = "Every saved secret is forgotten.",
    servers_imported = "Imported: {} added, {} updated, {} unchanged.",
    servers_name_of = "Name of {}",
    servers_rename = "Rename",
    servers_secret_saved = "saved",
    servers_open = "Open",
    servers_open_named = "Open {}",
    servers_up_named = "Move {} up",
    servers_down_named = "Move {} down",
    servers_remove = "Remove",
    servers_remove_named = "Remove {}",
    servers_unsaved = "Open in this tab but not saved:",
    servers_save_named = "Save {}",
    servers_add = "Add a server",
    servers_add_button = "Add and connect",
    servers_transfer = "Export and import",
    servers_include_secrets = "Include saved secrets",
    servers_secrets_warning = "The file will hold the secrets in plain text: anyone who gets it can manage those servers.",
    servers_export = "Export the list (JSON)",
    servers_import_label = "Paste an exported list (JSON)",
    servers_import = "Import",
    compare_list = "List",
    compare_table = "Comparison",
    compare_entry = "Entry",
    compare_differs = "terms differ",
    compare_shown = "Showing {} of {} entries: filter to narrow.",
    compare_equalize = "Make lists equal",
    compare_source = "Make equal to the list of",
    compare_targets = "These servers",
    compare_review = "Review the changes",
    compare_review_heading = "Changes to review",
    compare_no_target = "Choose a server to copy from and at least one other server.",
    compare_summary = "{}: add {}, remove {}, change {}",
    compare_equal = "{}: already equal",
    compare_apply = "Apply to {} servers",
    lookup_label = "Player name or UUID",
    lookup_find = "Find",
    lookup_one = "Enter one player name or UUID.",
    lookup_profiles = "Known as: {}",
    lookup_no_profile = "No server knows this player's profile yet.",
    lookup_where = "Where",
    lookup_online = "Online",
    lookup_banned = "Banned",
    lookup_operator = "Operator",
    lookup_unknown = "unknown",
    lookup_no = "no",
    lookup_yes = "yes",
    lookup_banned_for = "yes: {}",
    lookup_level = "level {}",
    lookup_choose = "Choose {}",
    lookup_act = "Act on the {} chosen servers",
    bulk_servers = "Servers",
    bulk_all = "All",
    bulk_all_connected = "All connected",
    bulk_none = "None",
    bulk_action = "Action",
    bulk_allowlist_add = "Add to the allowlist",
    bulk_allowlist_remove = "Remove from the allowlist",
    bulk_ban = "Ban players",
    bulk_unban = "Unban players",
    bulk_ip_ban = "Ban IP addresses",
    bulk_ip_unban = "Unban IP addresses",
    bulk_op = "Make operators",
    bulk_deop = "Remove operators",
    bulk_kick = "Kick players",
    bulk_no_server = "Choose at least one server.",
    bulk_confirm_title = "Confirm the bulk action",
    bulk_confirm = "{}: {} entries, on these servers: {}?",
    bulk_confirm_yes = "Yes, run it",
    bulk_run = "Run on {} servers",
    bulk_results = "Results",
    bulk_outcome = "Outcome",
    bulk_waiting = "waiting for the server…",
    bulk_done = "done",
    bulk_skipped = "done, except: {}",
    bulk_declined = "the server did nothing",
    bulk_refused = "refused: {}",
    bulk_unsupported = "this server does not offer it",
    bulk_unsure = "no answer: {} (it may or may not have been done)",
    page_load_failed = "This page could not be loaded: check your connection to the panel's site, then retry.",
    connected_to = "Connected to {}",
    connecting_to = "Connecting to {}…",
    select_column = "Select",
    list_region = "Entries",
    not_connected = "Not connected: reconnect first (nothing was sent)",
    bad_result = "the server's answer has the wrong shape",
    call_disconnected = "The connection closed before the server answered: it may or may not have applied this. Check once reconnected.",
    call_timeout = "No answer from the server within {} s: it may or may not have applied this.",
    call_server_error = "server error: {}",
    binary_frame = "a binary frame (MSMP sends text)",
    params_truncated = "{}… (cut: {} bytes in all)",
    page_previous = "Previous",
    page_next = "Next",
    page_range = "Rows {}–{} of {}",
    list_pages = "Pages of entries",
    event_pages = "Pages of events",
    players_pages = "Pages of players online",
    // Failure checklist
    failed_heading = "Could not connect",
    failed_intro = "The browser does not say why a WebSocket failed (a wrong secret, a refused origin, an untrusted certificate and a stopped server all look the same). Check, in order:",
    check_running = "The server is running and the address is right: {} (management-server-enabled=true and management-server-port).",
    check_origin = "This page's origin is allowed exactly (no trailing slash, http vs https and localhost vs 127.0.0.1 differ):",
    copy_origin = "Copy origin",
    copy_properties = "Copy server.properties lines",
    copied = "Copied",
    copy_failed = "Copying is blocked here: select the text and copy it by hand",
    check_properties = "server.properties lines for this page (restart the server after editing):",
    check_secret = "The secret is exactly management-server-secret.",
    check_version = "The server runs Minecraft 1.21.11 or later. 1.21.9 and 1.21.10 (MSMP 1.0.0) accept no connection from a browser at all, whatever the settings: update the server.",
    check_mixed_content = "This page is served over https, and browsers block plain ws:// from https pages: turn TLS on at the server and use wss://.",
    check_scheme_ws = "ws:// is plain: the server must have management-server-tls-enabled=false (TLS is on by default; then use wss://).",
    check_scheme_wss = "wss:// needs management-server-tls-enabled=true and a certificate this browser trusts.",
    trust_certificate = "Open {} once and accept the certificate, then connect again",
    // Link banner
    lost_banner = "Connection lost. Reconnecting in {} s (attempt {}).",
    reconnecting_banner = "Reconnecting (attempt {})…",
    retry_now = "Retry now",
    sync_problem = "Some data could not be loaded: {}",
    // Problems with what the server sent (msmp::problem)
    problem_bad_result = "the server's answer has the wrong shape: {}",
    problem_at = "at {0}: {1}",
    problem_missing = "`{}` is missing",
    problem_wrong_type = "expected {0}, got {1}",
    problem_object = "an object",
    problem_array = "an array",
    problem_string = "a string",
    problem_number = "a number",
    problem_integer = "an integer",
    problem_boolean = "a boolean",
    problem_boolean_or_integer = "a boolean or an integer",
    problem_enum_name = "a {} name",
    problem_component_object = "a {} object",
    problem_null = "null",
    problem_fraction = "a fractional number",
    problem_one_param = "expected exactly one parameter",
    problem_unknown_setting = "unknown setting {}",
    problem_syntax = "{0} at byte {1}",
    problem_not_json = "not JSON: {}",
    problem_unexpected_end = "unexpected end",
    problem_trailing = "trailing characters",
    problem_too_deep = "nested deeper than {} levels",
    problem_expected_value = "expected a value",
    problem_expected_key = "expected a key",
    problem_expected = "expected {}",
    problem_expected_either = "expected {0} or {1}",
    problem_control_character = "control character in a string",
    problem_unterminated_string = "unterminated string",
    problem_invalid_escape = "invalid escape",
    problem_invalid_unicode_escape = "invalid \\u escape",
    problem_expected_digit = "expected a digit",
    problem_leading_zero = "leading zero in a number",
    problem_expected_fraction_digit = "expected a digit after `.`",
    problem_expected_exponent_digit = "expected a digit in the exponent",
    problem_number_out_of_range = "number out of range",
    problem_empty_batch = "empty batch",
    problem_not_an_object = "frame is not a JSON object",
    problem_method_not_string = "\"method\" is not a string",
    problem_request = "unexpected request from the server: {}",
    problem_bad_id = "response id is neither a number nor a string",
    problem_bad_error = "\"error\" is not a JSON-RPC error object",
    problem_nothing_to_do = "neither method, result nor error",
    problem_result_without_id = "a result without an id",
    problem_no_pending_call = "a response to no pending call (id {})",
    problem_unattributed = "server error for no request: {}",
    problem_too_long = "a frame of {0} MiB, over the {1} MiB limit: dropped unread",
    problem_overloaded = "{} frames waiting: the server sends faster than they can be applied; the link is dropped and made again, which fetches everything afresh",
    not_started_yet = "The server has not finished starting: lists, settings and rules load as soon as it has.",
    // Navigation
    nav_label = "Sections",
    menu = "Menu",
    page_servers = "Servers",
    page_overview = "Overview",
    page_players = "Players",
    page_allowlist = "Allowlist",
    page_bans = "Bans",
    page_ip_bans = "IP bans",
    page_operators = "Operators",
    page_server = "Server",
    page_settings = "Settings",
    page_game_rules = "Game rules",
    page_events = "Events",
    page_explorer = "API explorer",
    page_audit = "Audit log",
    // Overview
    status_heading = "Status",
    state_label = "State",
    state_started = "Running",
    state_stopping = "Stopping",
    state_not_started = "Starting (not yet started)",
    state_unknown = "Unknown",
    version_label = "Minecraft version",
    protocol_label = "Management protocol",
    players_online_heading = "Players online",
    nobody_online = "Nobody is online.",
    heartbeat_label = "Heartbeat",
    heartbeat_age = "{} s ago",
    activity_label = "Last activity",
    heartbeat_none = "none yet (status-heartbeat-interval may be 0)",
    saving_now = "Saving…",
    upgrade_heading = "World upgrade",
    upgrade_running = "Upgrading the world",
    upgrade_finished = "World upgrade finished",
    upgrade_failed = "World upgrade failed: {}",
    recent_events = "Recent events",
    // Players
    kick_heading = "Kick players",
    kick_message_label = "Kick message (optional)",
    kick_selected = "Kick selected",
    kicked = "Kicked: {}",
    kicked_none = "Nobody was kicked: the selected players are no longer online.",
    select_player = "Select {}",
    select_none = "Select at least one entry first.",
    // Lists
    filter_label = "Filter",
    col_player = "Player",
    col_uuid = "UUID",
    col_reason = "Reason",
    col_source = "Source",
    col_expires = "Expires",
    col_ip = "IP address",
    col_level = "Level",
    col_bypass = "Bypasses player limit",
    list_empty = "The list is empty.",
    list_count = "Entries: {}",
    remove_selected = "Remove selected",
    removed = "Entries removed: {}.",
    add_heading = "Add",
    entries_label = "Players (one name or UUID per line)",
    ips_label = "IP addresses (one IPv4 or IPv6 per line)",
    ips_required = "Enter at least one IP address, or pick an online player.",
    online_player_label = "Or ban the address of an online player",
    no_player = "(none)",
    reason_label = "Reason (optional)",
    source_label = "Source (optional; the server uses \"Management server\")",
    expires_label = "Expires",
    never_expires = "Never",
    level_label = "Permission level",
    bypass_label = "Bypasses the player limit",
    add = "Add",
    added_all = "Added {} of {}.",
    added_some = "Added {} of {}: {} not a known player (the server skipped it).",
    added_ips = "Addresses in the list now: {}.",
    added_ips_none = "Nothing was added: an online player's address is needed when no valid IP is given.",
    replace_heading = "Replace the whole list",
    replace_entries_label = "New list (one entry per line)",
    review = "Review changes",
    confirm_replace = "Replace the list",
    diff_added = "Added: {}",
    diff_removed = "Removed: {}",
    diff_nothing = "No changes.",
    replaced = "Entries in the list now: {}.",
    clear_heading = "Clear the list",
    clear = "Clear list…",
    clear_confirm = "Remove every entry ({} in all)? This cannot be undone.",
    download_first = "Download the current list (JSON)",
    confirm_clear = "Yes, clear it",
    cancel = "Cancel",
    cleared = "The list is empty now.",
    // Server
    save_heading = "Save the world",
    flush_label = "Flush (wait until everything is written)",
    save = "Save",
    save_started = "Save requested.",
    stop_heading = "Stop the server",
    stop_confirm_label = "Type STOP to confirm",
    stop = "Stop server",
    stop_requested = "The server is stopping.",
    message_heading = "System message",
    message_kind_legend = "Message type",
    recipients_legend = "Recipients",
    message_kind_literal = "Literal text",
    message_kind_translatable = "Translation key",
    message_text_label = "Message",
    message_key_label = "Translation key",
    message_params_label = "Parameters (one per line)",
    overlay_label = "Show above the hotbar (overlay)",
    recipients_everyone = "Everyone",
    recipients_chosen = "Chosen online players",
    send = "Send",
    sent = "Sent.",
    not_sent = "The server did not send it (no text, or no recipients).",
    message_required = "Enter the message text or translation key.",
    // Settings and rules
    save_setting = "Save",
    saved_value = "Saved: {}",
    current_value = "Current: {}",
    number_out_of_range = "Enter a whole number from {} to {}.",
    rules_search_label = "Search game rules",
    col_rule = "Rule",
    col_type = "Type",
    col_value = "Value",
    no_rules = "No game rules match.",
    // Events
    events_filter_label = "Filter events",
    events_kind_label = "Kind",
    kind_all = "All",
    kind_notification = "Notifications",
    kind_unknown = "Unknown / custom",
    kind_invalid = "Invalid payload",
    kind_malformed = "Malformed frames",
    kind_ignored = "Ignored messages to the panel",
    pause = "Pause",
    paused = "Paused: new events are collected but not shown",
    export_json = "Export JSON",
    col_time = "Time",
    col_event = "Event",
    col_details = "Details",
    no_events = "No events yet.",
    // Explorer
    methods_filter_label = "Filter methods",
    method_label = "Method",
    notification_badge = "notification (sent by the server)",
    param_json_label = "Parameter (JSON)",
    param_value_label = "Parameter: {}",
    call = "Call",
    result_label = "Result",
    answered = "The server answered.",
    invalid_json = "The parameter is not valid JSON: {}",
    no_params = "This method takes no parameter.",
    not_a_number = "\"{}\" is not a finite number.",
    not_a_whole_number = "\"{}\" is not a whole number.",
    schema_label = "Schema",
    raw_answer = "What the server sent:",
    // Errors and availability
    error_code = "Error {}",
    unavailable = "This server does not offer {}",
    protocol_newer = "{} (newer than this panel knows: it uses what the server lists)",
    busy = "Working…",
    // Confirmations of calls that cannot be undone (ui::widgets::Confirm)
    remove_confirm = "Remove {} entries from the {}?",
    remove_one_confirm = "Remove {} from the {}?",
    confirm_remove = "Yes, remove",
    list_name_allowlist = "allowlist",
    list_name_bans = "ban list",
    list_name_ip_bans = "IP ban list",
    list_name_operators = "operator list",
    kick_confirm = "Kick {}?",
    confirm_kick = "Yes, kick",
    confirm_call_title = "Confirm the call",
    confirm_call = "Yes, call it",
    call_confirm = "Call {}: {}",
    call_stops_server = "this stops the server.",
    call_replaces_list = "this replaces the whole {} with the {} entries given.",
    call_replaces_list_one = "this replaces the whole {} with the 1 entry given.",
    call_clears_list = "this removes every entry from the {}.",
    call_sets_setting = "this changes \"{}\" to {}.",
    call_sets_value = "this replaces the server's value with {}.",
    call_changes_server = "this changes the server's state.",
    call_clears = "this clears it on the server.",
    // Hosting control panels: panel.json and postMessage
    host_config_failed = "panel.json beside this page could not be used, so the panel runs with its defaults:",
    host_config_http = "the server answered {} for it.",
    host_config_unreadable = "it could not be loaded: {}",
    host_config_slow = "it did not load within {} s.",
    host_config_json = "it is not valid JSON: {}",
    host_not_object = "it must be one JSON object, e.g. {\"lockServer\": true}.",
    host_field = "\"{}\": {}",
    host_entry = "{}[{}]: {}",
    host_unknown_field = "unknown field \"{}\" (known: {}).",
    host_servers_list = "must be a list of {\"name\": …, \"url\": \"wss://host:port\"}.",
    host_server_object = "must be {\"name\": …, \"url\": \"wss://host:port\"}.",
    host_server_url = "needs \"url\": the server's ws:// or wss:// address.",
    host_server_name = "\"name\" must be non-empty text.",
    host_no_secrets = "secrets do not belong in panel.json (anyone can read it): hand them to the panel by postMessage.",
    host_origins_list = "must be a list of exact origins such as \"https://panel.example\".",
    host_origin = "\"{}\" is not an exact origin such as https://panel.example or http://localhost:8080 (no wildcard, path or trailing slash).",
    host_origin_text = "must be text, an exact origin such as \"https://panel.example\".",
    host_bool = "must be true or false.",
    host_theme = "must be \"light\", \"dark\" or \"system\".",
    host_lang = "must be \"en\" or \"zh-CN\".",
    host_ignored_origin = "Ignored a message from {}: that origin is not in panel.json's parentOrigins.",
    host_ignored_message = "Ignored a message from the host page: {}",
    host_connect_fields = "msmp-panel:connect needs \"url\" and \"secret\" as text.",
    host_unknown_type = "not a message the panel takes (msmp-panel:connect or msmp-panel:disconnect).",
    host_waiting = "This panel is connected by the page it is embedded in. Waiting for it…",
    host_ignored_count = "Messages ignored so far: {}. Last: {}",
    presets_label = "Servers",
    host_event = "message to the panel",
    // The saved server list
    server_name_empty = "Give the server a name.",
    server_name_long = "A server name has at most {} characters (this one has {}).",
    server_name_taken = "Another server is already called \"{}\".",
    server_address_taken = "{} is already in the list, as \"{}\".",
    import_not_json = "This is not a server list: {}",
    import_shape = "This is not a server list: expected {\"version\": 1, \"servers\": [...]}.",
    import_version = "This server list is of version {}; this panel reads version 1.",
    import_entry = "Server {}: {}",
    import_not_object = "expected an object with \"name\", \"address\" and optionally \"secret\".",
    import_not_text = "\"{}\" must be text.",
    import_same_address = "the same address as server {}.",
    // The settings form and the MOTD preview
    save_changes = "Save changes ({})",
    discard_changes = "Discard",
    setting_changed = "Changed: not saved yet",
    setting_adjusted = "The server kept {0} (sent: {1})",
    settings_none_changed = "No setting has been changed.",
    motd_preview = "Preview (as the server list shows it)",
    motd_insert = "Insert a formatting code",
    motd_code_names = "Black|Dark blue|Dark green|Dark aqua|Dark red|Dark purple|Gold|Gray|Dark gray|Blue|Green|Aqua|Red|Light purple|Yellow|White|Obfuscated|Bold|Strikethrough|Underline|Italic|Reset",
    import_bad_uuid = "not a UUID: {}",
    import_bad_name = "not a player name: {}",
    import_no_player = "no player name or UUID",
    import_bad_expiry = "not an ISO-8601 date and time: {}",
    import_bad_ip = "not an IP address: {}",
    import_bad_level = "not a permission level from 0 to 4: {}",
    import_not_array = "JSON to import is an array of entries",
    import_heading = "Import",
    import_text = "CSV, JSON or one entry per line",
    import_file = "Or load a file",
    import_preview = "Preview",
    import_new = "New ({})",
    import_present = "Already in the list ({})",
    import_invalid = "Invalid ({})",
    import_line = "Line {0}: {1}",
    import_send = "Import {} new",
    import_nothing = "Nothing new to import.",
    import_stale = "The text changed since the preview: preview it again.",
    export_csv = "Export CSV",
    player_details_of = "Details of {}",
    rules_group_players = "Players",
    rules_group_mobs = "Mobs",
    rules_group_world = "World",
    rules_group_drops = "Drops",
    rules_group_chat = "Chat and commands",
    rules_none_changed = "No game rule has been changed.",
}

/// A language of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag (the root's `lang`, what is saved).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Its name in itself, as the picker shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// The panel's language for a browser's or a host's tag: any Chinese reads the
    /// Simplified table (closer for a Traditional reader than English), any English English.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// One language's strings and setting labels.
#[derive(Clone, Copy)]
pub struct Table {
    pub lang: Lang,
    pub strings: &'static Strings,
    pub setting_label: fn(&str) -> &'static str,
}

pub const ENGLISH: Table = Table {
    lang: Lang::En,
    strings: &EN,
    setting_label: setting_label_en,
};

thread_local! {
    static CURRENT: Cell<Table> = const { Cell::new(ENGLISH) };
}

/// The strings of the language in use.
pub fn t() -> &'static Strings {
    CURRENT.with(|c| c.get().strings)
}

/// The language in use.
pub fn lang() -> Lang {
    CURRENT.with(|c| c.get().lang)
}

/// A chunk's own table of words (kept with its page, not in the start bundle), in the
/// language in use.
pub fn by_lang<T>(en: &'static T, zh: &'static T) -> &'static T {
    match lang() {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// Makes `table` the language in use (views built from now on read it).
pub fn use_table(table: Table) {
    CURRENT.with(|c| c.set(table));
}

/// `n` as the language in use writes it (digit grouping): the browser's Intl in the panel,
/// plain digits natively.
pub fn number(n: usize) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Number::from(n as f64)
        .to_locale_string(lang().tag())
        .into();
    #[cfg(not(target_arch = "wasm32"))]
    n.to_string()
}

/// An ISO-8601 instant from the server as the language in use writes a date and time
/// (`"2026-12-03T21:30:00Z"` → "3 Dec 2026, 22:30" in the browser's time zone); anything
/// else, and every instant natively, as it came.
pub fn instant(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&text.into());
        if !date.get_time().is_nan() {
            let style = js_sys::Object::new();
            for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
                let _ = js_sys::Reflect::set(&style, &key.into(), &value.into());
            }
            return date.to_locale_string(lang().tag(), &style).into();
        }
    }
    text.to_string()
}

/// A moment (milliseconds since 1970) as the language in use writes a time of day.
#[cfg(target_arch = "wasm32")]
pub fn time_of_day(ms: u64) -> String {
    js_sys::Date::new(&(ms as f64).into())
        .to_locale_time_string(lang().tag())
        .into()
}

/// Replaces each `{}` in `template` with the next value, and `{0}`, `{1}`, ... with that
/// value: a translation whose word order differs numbers its placeholders.
pub fn fill(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut rest = template;
    while let Some(pos) = rest.find('{') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos + 1..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if tail.as_bytes().get(digits) != Some(&b'}') {
            out.push('{');
            rest = tail;
            continue;
        }
        let index = if digits == 0 {
            next += 1;
            next - 1
        } else {
            tail[..digits].parse().unwrap_or(usize::MAX)
        };
        match values.get(index) {
            Some(v) => out.push_str(&v.to_string()),
            None => out.push_str(&rest[pos..pos + digits + 2]),
        }
        rest = &tail[digits + 1..];
    }
    out.push_str(rest);
    out
}

/// A problem `msmp` found with what a server sent (or with JSON text), in the language in
/// use. Paths, byte positions, method names, ids and the server's own words stay as they
/// came. The panel shows every such problem through this, never through its `Display`
/// (English, and formatting code the bundle need not carry).
pub fn problem_text(p: &msmp::problem::Problem) -> String {
    use msmp::problem::{Got, Kind, Wanted};
    let s = t();
    let what = match &p.kind {
        Kind::WrongType { wanted, got } => {
            let wanted = match wanted {
                Wanted::Object => s.problem_object.to_string(),
                Wanted::Array => s.problem_array.into(),
                Wanted::String => s.problem_string.into(),
                Wanted::Number => s.problem_number.into(),
                Wanted::Integer => s.problem_integer.into(),
                Wanted::Boolean => s.problem_boolean.into(),
                Wanted::BooleanOrInteger => s.problem_boolean_or_integer.into(),
                Wanted::EnumName(c) => fill(s.problem_enum_name, &[c]),
                Wanted::ComponentObject(c) => fill(s.problem_component_object, &[c]),
            };
            let got = match got {
                Got::Null => s.problem_null,
                Got::Boolean => s.problem_boolean,
                Got::Fraction => s.problem_fraction,
                Got::Integer => s.problem_integer,
                Got::String => s.problem_string,
                Got::Array => s.problem_array,
                Got::Object => s.problem_object,
            };
            fill(s.problem_wrong_type, &[&wanted, &got])
        }
        Kind::Missing => return fill(s.problem_missing, &[&p.path]),
        Kind::NotOneParam => s.problem_one_param.into(),
        Kind::UnknownSetting(key) => fill(s.problem_unknown_setting, &[key]),
        Kind::Syntax { error, at } => syntax_text(*error, *at),
        Kind::NotJson { error, at } => fill(s.problem_not_json, &[&syntax_text(*error, *at)]),
        Kind::EmptyBatch => s.problem_empty_batch.into(),
        Kind::NotAnObject => s.problem_not_an_object.into(),
        Kind::MethodNotString => s.problem_method_not_string.into(),
        Kind::Request { method } => fill(s.problem_request, &[method]),
        Kind::BadId => s.problem_bad_id.into(),
        Kind::BadError => s.problem_bad_error.into(),
        Kind::NothingToDo => s.problem_nothing_to_do.into(),
        Kind::ResultWithoutId => s.problem_result_without_id.into(),
        Kind::NoPendingCall { id } => fill(s.problem_no_pending_call, &[id]),
        Kind::Unattributed { error } => fill(s.problem_unattributed, &[error]),
        Kind::TooLong { mib, limit_mib } => fill(s.problem_too_long, &[mib, limit_mib]),
        Kind::Overloaded { queued } => fill(s.problem_overloaded, &[queued]),
        Kind::Binary => s.binary_frame.into(),
        Kind::Text(words) => words.clone(),
    };
    if p.path.is_empty() {
        what
    } else {
        fill(s.problem_at, &[&p.path, &what])
    }
}

fn syntax_text(error: msmp::problem::Syntax, at: usize) -> String {
    use msmp::problem::Syntax;
    let s = t();
    let what = match error {
        Syntax::UnexpectedEnd => s.problem_unexpected_end.to_string(),
        Syntax::TrailingCharacters => s.problem_trailing.into(),
        Syntax::TooDeep => fill(s.problem_too_deep, &[&msmp::from_text::MAX_DEPTH]),
        Syntax::ExpectedValue => s.problem_expected_value.into(),
        Syntax::ExpectedKey => s.problem_expected_key.into(),
        Syntax::ExpectedColon => fill(s.problem_expected, &[&"`:`"]),
        Syntax::ExpectedCommaOrBracket => fill(s.problem_expected_either, &[&"`,`", &"`]`"]),
        Syntax::ExpectedCommaOrBrace => fill(s.problem_expected_either, &[&"`,`", &"`}`"]),
        Syntax::ControlCharacter => s.problem_control_character.into(),
        Syntax::UnterminatedString => s.problem_unterminated_string.into(),
        Syntax::InvalidEscape => s.problem_invalid_escape.into(),
        Syntax::InvalidUnicodeEscape => s.problem_invalid_unicode_escape.into(),
        Syntax::ExpectedDigit => s.problem_expected_digit.into(),
        Syntax::LeadingZero => s.problem_leading_zero.into(),
        Syntax::ExpectedFractionDigit => s.problem_expected_fraction_digit.into(),
        Syntax::ExpectedExponentDigit => s.problem_expected_exponent_digit.into(),
        Syntax::NumberOutOfRange => s.problem_number_out_of_range.into(),
    };
    fill(s.problem_syntax, &[&what, &at])
}

#[cfg(test)]
mod problem_tests {
    use super::*;
    use msmp::jsonrpc::Id;
    use msmp::problem::{Got, Kind, Path, Problem, Step, Syntax, Wanted};

    const CHINESE: Table = Table {
        lang: Lang::ZhCn,
        strings: &zh_cn::ZH_CN,
        setting_label: zh_cn::setting_label,
    };

    /// One problem of every kind (every wanted and found type, every syntax error), each
    /// with the values its text must show.
    fn every_kind() -> Vec<(Problem, Vec<&'static str>)> {
        let at = |kind: Kind| Problem {
            path: Path(vec![Step::Index(3), Step::Key("player"), Step::Key("name")]),
            kind,
        };
        let mut all = Vec::new();
        let wanted = [
            (Wanted::Object, None),
            (Wanted::Array, None),
            (Wanted::String, None),
            (Wanted::Number, None),
            (Wanted::Integer, None),
            (Wanted::Boolean, None),
            (Wanted::BooleanOrInteger, None),
            (Wanted::EnumName("difficulty"), Some("difficulty")),
            (Wanted::ComponentObject("user_ban"), Some("user_ban")),
        ];
        let got = [
            Got::Null,
            Got::Boolean,
            Got::Fraction,
            Got::Integer,
            Got::String,
            Got::Array,
            Got::Object,
        ];
        for (i, (wanted, name)) in wanted.into_iter().enumerate() {
            for g in got.into_iter().skip(i % 2).step_by(2) {
                let mut values = vec!["[3].player.name"];
                values.extend(name);
                all.push((at(Kind::WrongType { wanted, got: g }), values));
            }
        }
        all.push((Problem::missing("key"), vec!["key"]));
        all.push((at(Kind::Missing), vec!["[3].player.name"]));
        all.push((Kind::NotOneParam.into(), vec![]));
        all.push((
            Kind::UnknownSetting("max_players").into(),
            vec!["max_players"],
        ));
        for error in [
            Syntax::UnexpectedEnd,
            Syntax::TrailingCharacters,
            Syntax::TooDeep,
            Syntax::ExpectedValue,
            Syntax::ExpectedKey,
            Syntax::ExpectedColon,
            Syntax::ExpectedCommaOrBracket,
            Syntax::ExpectedCommaOrBrace,
            Syntax::ControlCharacter,
            Syntax::UnterminatedString,
            Syntax::InvalidEscape,
            Syntax::InvalidUnicodeEscape,
            Syntax::ExpectedDigit,
            Syntax::LeadingZero,
            Syntax::ExpectedFractionDigit,
            Syntax::ExpectedExponentDigit,
            Syntax::NumberOutOfRange,
        ] {
            let mut values = vec!["4711"];
            values.extend(match error {
                Syntax::TooDeep => vec!["127"],
                Syntax::ExpectedColon => vec!["`:`"],
                Syntax::ExpectedCommaOrBracket => vec!["`,`", "`]`"],
                Syntax::ExpectedCommaOrBrace => vec!["`,`", "`}`"],
                _ => vec![],
            });
            all.push((Problem::syntax(error, 4711), values.clone()));
            all.push((Kind::NotJson { error, at: 4711 }.into(), values));
        }
        for kind in [
            Kind::EmptyBatch,
            Kind::NotAnObject,
            Kind::MethodNotString,
            Kind::BadId,
            Kind::BadError,
            Kind::NothingToDo,
            Kind::ResultWithoutId,
            Kind::Binary,
        ] {
            all.push((kind.into(), vec![]));
        }
        let request = Kind::Request {
            method: "nem:do_thing".into(),
        };
        all.push((request.into(), vec!["nem:do_thing"]));
        let no_call = Kind::NoPendingCall { id: Id::Num(99) };
        all.push((no_call.into(), vec!["99"]));
        let no_call = Kind::NoPendingCall {
            id: Id::Str("x1".into()),
        };
        all.push((no_call.into(), vec!["\"x1\""]));
        let error = "Parse error (-32700): Unexpected token".to_string();
        let unattributed = Kind::Unattributed { error };
        all.push((
            unattributed.into(),
            vec!["Parse error (-32700): Unexpected token"],
        ));
        let too_long = Kind::TooLong {
            mib: 40,
            limit_mib: 16,
        };
        all.push((too_long.into(), vec!["40", "16"]));
        all.push((Kind::Overloaded { queued: 100_001 }.into(), vec!["100001"]));
        all.push((
            Problem::text("ignored: Some words"),
            vec!["ignored: Some words"],
        ));
        all
    }

    /// Words a Chinese text may carry besides its values: names of the protocol (MSMP,
    /// JSON, JSON-RPC, the members `method`, `result`, `error`, `id`), `null`, the `\u`
    /// escape and the unit MiB.
    const PROTOCOL_WORDS: [&str; 10] = [
        "JSON-RPC", "JSON", "MSMP", "method", "result", "error", "id", "null", "\\u", "MiB",
    ];

    #[test]
    fn every_problem_reads_in_english_and_in_chinese_with_its_values() {
        for (p, values) in every_kind() {
            use_table(ENGLISH);
            let en = problem_text(&p);
            use_table(CHINESE);
            let zh = problem_text(&p);
            use_table(ENGLISH);
            for v in &values {
                assert!(en.contains(v), "{p:?}: {en:?} lacks {v:?}");
                assert!(zh.contains(v), "{p:?}: {zh:?} lacks {v:?}");
            }
            assert!(en.is_ascii() && !en.contains('{'), "{en:?}");
            assert!(!zh.contains('{'), "{zh:?}");
            // Chinese, but for the values and the protocol's own words.
            let mut rest = zh.clone();
            for v in values.iter().chain(&PROTOCOL_WORDS) {
                rest = rest.replace(v, " ");
            }
            assert!(
                !rest.chars().any(|c| c.is_ascii_alphabetic()),
                "{p:?}: {zh:?} has English besides its values"
            );
            if !matches!(p.kind, Kind::Text(_)) {
                assert!(!zh.is_ascii(), "{p:?}: {zh:?}");
            }
        }
    }

    #[test]
    fn problems_read_as_msmp_writes_them_in_english() {
        use_table(ENGLISH);
        for (p, _) in every_kind() {
            let en = problem_text(&p);
            assert_eq!(en, p.to_string());
        }
        let p = msmp::from_text::parse_native("[1 2]").unwrap_err();
        use_table(CHINESE);
        assert_eq!(problem_text(&p), "第 3 字节处：应为 `,` 或 `]`");
        let wrong = Problem::wrong(Wanted::ComponentObject("player"), &serde_json::json!([]))
            .within(Step::Index(1));
        assert_eq!(
            problem_text(&wrong),
            "[1] 处：应为一个 player 对象，实际为数组"
        );
        use_table(ENGLISH);
    }
}

/// A setting's label for people, in the language in use.
pub fn setting_label(key: &str) -> &'static str {
    (CURRENT.with(|c| c.get().setting_label))(key)
}

fn setting_label_en(key: &str) -> &'static str {
    match key {
        "autosave" => "Autosave",
        "difficulty" => "Difficulty",
        "enforce_allowlist" => "Enforce allowlist",
        "use_allowlist" => "Use allowlist",
        "max_players" => "Max players",
        "pause_when_empty_seconds" => "Pause when empty (seconds)",
        "player_idle_timeout" => "Player idle timeout (seconds)",
        "allow_flight" => "Allow flight",
        "motd" => "Message of the day",
        "spawn_protection_radius" => "Spawn protection radius",
        "force_game_mode" => "Force game mode",
        "game_mode" => "Default game mode",
        "view_distance" => "View distance (chunks)",
        "simulation_distance" => "Simulation distance (chunks)",
        "accept_transfers" => "Accept transfers",
        "status_heartbeat_interval" => "Status heartbeat interval (seconds)",
        "operator_user_permission_level" => "Operator permission level",
        "hide_online_players" => "Hide online players",
        "status_replies" => "Status replies",
        "entity_broadcast_range" => "Entity broadcast range (%)",
        _ => "",
    }
}

/// Column header for a list column key (see `logic::lists::columns`).
pub fn column(key: &str) -> &'static str {
    let s = t();
    match key {
        "player" => s.col_player,
        "uuid" => s.col_uuid,
        "reason" => s.col_reason,
        "source" => s.col_source,
        "expires" => s.col_expires,
        "ip" => s.col_ip,
        "level" => s.col_level,
        "bypass" => s.col_bypass,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_placeholders_in_order() {
        assert_eq!(fill("Added {} of {}.", &[&2, &3]), "Added 2 of 3.");
        assert_eq!(fill("{} and {}", &[&"a"]), "a and {}");
        assert_eq!(fill("{1} 台中 {0} 台", &[&4, &5]), "5 台中 4 台");
        assert_eq!(fill("{\"version\": {}}", &[&1]), "{\"version\": 1}");
        assert_eq!(fill("{7}", &[&1]), "{7}");
    }

    /// Placeholders of a template: `{}` and `{N}`, as `fill` reads them.
    fn placeholders(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = s;
        while let Some(i) = rest.find('{') {
            let tail = &rest[i + 1..];
            let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
            if tail.as_bytes().get(digits) == Some(&b'}') {
                out.push(tail[..digits].to_string());
                rest = &tail[digits + 1..];
            } else {
                rest = tail;
            }
        }
        out
    }

    #[test]
    fn chinese_has_every_string_with_the_same_placeholders() {
        let zh = zh_cn::ZH_CN.all();
        for ((key, en), (zh_key, zh)) in EN.all().into_iter().zip(zh) {
            assert_eq!(key, zh_key);
            assert!(!zh.trim().is_empty(), "{key} is empty in Chinese");
            let (e, z) = (placeholders(en), placeholders(zh));
            assert_eq!(e.len(), z.len(), "{key}: {en:?} vs {zh:?}");
            // Numbered ones name each value once: {0} .. {n-1}.
            if z.iter().any(|p| !p.is_empty()) {
                let mut seen: Vec<usize> = z.iter().map(|p| p.parse().unwrap()).collect();
                seen.sort();
                assert_eq!(seen, (0..z.len()).collect::<Vec<_>>(), "{key}: {zh:?}");
            }
        }
        for s in &msmp::catalog::SETTINGS {
            assert!(!zh_cn::setting_label(s.key).is_empty(), "{}", s.key);
        }
    }

    #[test]
    fn languages_are_read_from_browser_and_host_tags() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh-Hans-SG"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr-FR"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
        }
    }

    #[test]
    fn every_setting_and_column_has_a_label() {
        for s in &msmp::catalog::SETTINGS {
            assert!(!setting_label(s.key).is_empty(), "{}", s.key);
        }
        for g in msmp::catalog::LISTS.iter().map(|l| l.group) {
            for c in crate::logic::lists::columns(g) {
                assert!(!column(c).is_empty(), "{c}");
            }
        }
    }
}
