//! Every user-facing string of the panel, in one place. Messages with values use `{}`
//! placeholders filled by [`fill`]. A Chinese table can be added as a second instance of
//! [`Strings`] and chosen in [`t`].

macro_rules! strings {
    ($($key:ident = $en:literal,)*) => {
        pub struct Strings { $(pub $key: &'static str,)* }
        pub static EN: Strings = Strings { $($key: $en,)* };
    };
}

strings! {
    app_title = "MSMP Panel",
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
    not_started_yet = "The server has not finished starting: lists, settings and rules load as soon as it has.",
    // Navigation
    nav_label = "Sections",
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
}

pub fn t() -> &'static Strings {
    &EN
}

/// Replaces each `{}` in `template` with the next value.
pub fn fill(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(pos) = rest.find("{}") {
        out.push_str(&rest[..pos]);
        match values.next() {
            Some(v) => out.push_str(&v.to_string()),
            None => out.push_str("{}"),
        }
        rest = &rest[pos + 2..];
    }
    out.push_str(rest);
    out
}

/// A setting's label for people.
pub fn setting_label(key: &str) -> &'static str {
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
