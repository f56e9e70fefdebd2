//! The panel's views: a thin layer over `Session` (connection + model signals).

mod activity;
mod bulk;
mod chart;
mod compare;
pub mod connect;
mod events;
mod explorer;
mod fleet;
mod flow;
mod game_rules;
pub mod header;
mod keep;
pub mod lazy;
mod list_forms;
pub mod lists;
mod lookup;
mod motd;
mod overview;
mod pager;
mod players;
mod players_text;
mod prefs;
mod saved;
mod server;
mod settings;
pub mod widgets;

use crate::fleet::Fleet;
use crate::host::Host;
use crate::i18n::{fill, t};
use crate::logic::servers::{ServerEntry, ServerList};
use crate::session::{now_ms, Link, Session};
use flow::{each, show, show_or};
use leptos::prelude::*;
use msmp::catalog::Group;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    /// Every server in the tab (shown when there are several).
    Servers,
    /// One action on several servers (shown when there are several).
    Bulk,
    /// A player across the servers (shown when there are several).
    Lookup,
    /// One list across the servers (shown when there are several).
    Compare,
    Overview,
    Players,
    List(Group),
    Server,
    Settings,
    GameRules,
    Events,
    Explorer,
    /// Every action taken from this panel, on any server.
    Audit,
}

impl Page {
    const ALL: [Page; 16] = [
        Page::Servers,
        Page::Lookup,
        Page::Bulk,
        Page::Compare,
        Page::Overview,
        Page::Players,
        Page::List(Group::Allowlist),
        Page::List(Group::Bans),
        Page::List(Group::IpBans),
        Page::List(Group::Operators),
        Page::Server,
        Page::Settings,
        Page::GameRules,
        Page::Events,
        Page::Explorer,
        Page::Audit,
    ];

    /// About all the servers of the tab, not the one on screen.
    fn fleet_wide(self) -> bool {
        matches!(
            self,
            Page::Servers | Page::Bulk | Page::Lookup | Page::Compare
        )
    }

    fn title(self) -> &'static str {
        let s = t();
        match self {
            Page::Servers => s.page_servers,
            Page::Bulk => s.page_bulk,
            Page::Lookup => s.page_lookup,
            Page::Compare => s.page_compare,
            Page::Overview => s.page_overview,
            Page::Players => s.page_players,
            Page::List(Group::Allowlist) => s.page_allowlist,
            Page::List(Group::Bans) => s.page_bans,
            Page::List(Group::IpBans) => s.page_ip_bans,
            Page::List(_) => s.page_operators,
            Page::Server => s.page_server,
            Page::Settings => s.page_settings,
            Page::GameRules => s.page_game_rules,
            Page::Events => s.page_events,
            Page::Explorer => s.page_explorer,
            Page::Audit => s.page_audit,
        }
    }
}

#[component]
pub fn App(host: Host) -> impl IntoView {
    let fleet = Fleet::new();
    provide_context(fleet);
    let locked = host.config.lock_server;
    let fragment = connect::take_fragment();
    let linked = fragment.servers.clone();
    let draft = connect::ConnectDraft::from_prefill(fragment);
    provide_context(draft);
    host.listen(fleet.session_untracked(0));
    let servers = RwSignal::new(ServerList::from_stored(
        prefs::load_servers(),
        &draft.saved.get_untracked(),
    ));
    provide_context(servers);
    // A link naming several servers opens them all; one server only fills the form.
    // Without a link, the saved servers are opened (connected where a secret is saved).
    let saved = move || {
        servers.with_untracked(|l| {
            l.entries()
                .iter()
                .map(ServerEntry::linked)
                .collect::<Vec<_>>()
        })
    };
    // A host that locks the panel hands it its one server: links and the list stay shut.
    let link_problems = match linked.len() {
        _ if locked => Vec::new(),
        0 => fleet.open_all(&saved()),
        1 => Vec::new(),
        _ => fleet.open_all(&linked),
    };
    // The page most visited after connecting (besides the lists, which are in the start
    // module) is fetched while the server's state loads, once, on the first connection.
    Effect::new(move |fetched: Option<bool>| {
        let connecting = fetched == Some(true)
            || fleet.members.with(|all| {
                all.iter()
                    .any(|m| m.session.link.with(|l| !matches!(l, Link::Idle)))
            });
        if connecting && fetched != Some(true) {
            leptos::task::spawn_local(async {
                let _ = lazy::players().await;
            });
        }
        connecting
    });
    // The list shows what is remembered now: the connection form may remember or forget.
    Effect::new(move |_| {
        let secrets = draft.saved.get();
        servers.update(|l| l.refresh_secrets(&secrets));
    });
    let errors = host.errors.clone();
    let look = header::Look::new(&host);
    provide_context(look);
    provide_context(host);
    let several = move || fleet.len() > 1;
    let page = RwSignal::new(if linked.len() > 1 && !locked {
        Page::Servers
    } else {
        Page::Overview
    });
    provide_context(page);
    // The pages visited so far (a bit each): a rebuild builds them again at once, so what
    // was typed into them can be given back (`keep`).
    let visited = RwSignal::new(0u32);
    provide_context(bulk::BulkDraft::new());
    // Finished calls go to the toasts and the audit log, a chunk fetched when the first
    // one ends.
    provide_context(ShowPlayer(RwSignal::new(None)));
    let activity = widgets::Activity::install();
    let any_done = Memo::new(move |before: Option<&bool>| {
        activity.0.track();
        before.is_some()
    });
    // Which server the pages show; they are rebuilt for another, the sessions live on.
    let shown = Memo::new(move |_| fleet.current.get());
    view! {
        <div class="msmp-panel" data-theme=move || look.theme.get().attribute() lang=move || look.lang.get().tag()>
        // Another language rebuilds the views; sessions, the server list and the drafts
        // of the connection and bulk forms live above them and stay.
        {move || {
            look.lang.track();
            view! {
                {problems(t().host_config_failed, (*errors).clone())}
                {problems(t().link_servers_failed, link_problems.clone())}
                {move || {
                    let session = fleet.session_untracked(shown.get());
                    provide_context(session);
                    server_view(session, page, visited, several, locked)
                }}
                // Its "loading" line is hidden: nothing to announce before a toast.
                {move || any_done.get().then(|| view! {
                    <div class="toasts-host">{lazy::page(|| Box::pin(lazy::toasts()), Signal::stored(true))}</div>
                })}
            }
        }}
        </div>
    }
}

fn problems(heading: &'static str, list: Vec<String>) -> Option<AnyView> {
    (!list.is_empty()).then(|| {
        view! {
            <div class="banner warn" role="alert">
                <p>{heading}</p>
                <ul>{each(list, |e| view! { <li>{e}</li> })}</ul>
            </div>
        }
        .into_any()
    })
}

/// The header, banners and pages of the server on screen (or the connection form).
fn server_view(
    session: Session,
    page: RwSignal<Page>,
    visited: RwSignal<u32>,
    several: impl Fn() -> bool + Copy + Send + Sync + 'static,
    locked: bool,
) -> AnyView {
    let open = move || {
        several()
            || session
                .link
                .with(|l| l.is_open() || matches!(l, Link::Lost { .. } | Link::Reconnecting { .. }))
    };
    // On a narrow screen the navigation is a menu, closed again when a page is chosen.
    let menu = RwSignal::new(false);
    view! {
        <header class="top">
            <h1>{t().app_title}</h1>
            <header::Pickers/>
            <ServerBadge/>
        </header>
        <LinkBanner/>
        {show_or(open, move || view! {
            <div class="layout">
                <nav aria-label=t().nav_label>
                    <button type="button" class="menu" aria-controls="msmp-sections"
                        aria-expanded=move || menu.get().to_string()
                        on:click=move |_| menu.update(|m| *m = !*m)>
                        {t().menu}<span class="current">{move || page.get().title()}</span>
                    </button>
                    <ul id="msmp-sections" class:open=move || menu.get()>
                        {each(Page::ALL, |p| view! {
                            // With one server only its list has a use; a host's lock hides them all.
                            <li hidden=move || p.fleet_wide() && (locked || (!several() && p != Page::Servers))>
                                <button type="button" class="nav"
                                    aria-current=move || if page.get() == p { "page" } else { "false" }.to_string()
                                    on:click=move |_| {
                                        page.set(p);
                                        menu.set(false);
                                    }>{p.title()}</button>
                            </li>
                        })}
                    </ul>
                </nav>
                <main>
                    // A page is built on its first visit and then stays mounted, only hidden,
                    // so what was typed in a form, and the outcome of a call still running,
                    // survive a visit to another page; what grows with the server (rows, the
                    // log) is drawn only while the page is on screen. Connecting builds the
                    // Overview alone.
                    {each(Page::ALL.into_iter().enumerate(), move |(i, p)| {
                        let visible = Signal::derive(move || page.get() == p);
                        let bit = 1 << i;
                        let visited = Memo::new(move |before: Option<&bool>| {
                            let seen = before == Some(&true) || visible.get() || visited.get_untracked() & bit != 0;
                            if seen {
                                visited.update_untracked(|v| *v |= bit);
                            }
                            seen
                        });
                        view! {
                            <div class="page" hidden=move || !visible.get()>
                                <h2 class="page-title">{p.title()}</h2>
                                {show(move || visited.get(), move || page_body(p, visible))}
                            </div>
                        }
                    })}
                </main>
            </div>
        }, move || if locked {
            view! { <main class="single"><connect::HostWaiting/></main> }.into_any()
        } else {
            view! { <main class="single"><connect::ConnectForm/></main> }.into_any()
        })}
    }
    .into_any()
}

/// The player whose details the Players page shows (set from any list's rows too).
#[derive(Clone, Copy)]
pub struct ShowPlayer(pub RwSignal<Option<msmp::types::Player>>);

/// Opens a player's details on the Players page (for a list's rows; built with the row,
/// where the contexts resolve). `None` outside the app (a list mounted alone).
pub fn player_opener() -> Option<impl Fn(msmp::types::Player) + Copy + 'static> {
    let show = use_context::<ShowPlayer>()?;
    let page = use_context::<RwSignal<Page>>()?;
    Some(move |p| {
        show.0.set(Some(p));
        page.set(Page::Players);
    })
}

fn page_body(p: Page, visible: Signal<bool>) -> AnyView {
    match p {
        Page::Servers => lazy::page(|| Box::pin(lazy::fleet()), visible),
        Page::Bulk => lazy::page(|| Box::pin(lazy::bulk()), visible),
        Page::Lookup => lazy::page(|| Box::pin(lazy::lookup()), visible),
        Page::Compare => lazy::page(|| Box::pin(lazy::compare()), visible),
        Page::Overview => view! { <overview::Overview visible=visible/> }.into_any(),
        Page::Players => lazy::page(|| Box::pin(lazy::players()), visible),
        Page::List(g) => view! { <lists::ListEditor group=g visible=visible/> }.into_any(),
        Page::Server => lazy::page(|| Box::pin(lazy::server()), visible),
        Page::Settings => lazy::page(|| Box::pin(lazy::settings()), visible),
        Page::GameRules => lazy::page(|| Box::pin(lazy::game_rules()), visible),
        Page::Events => lazy::page(|| Box::pin(lazy::events()), visible),
        Page::Explorer => lazy::page(|| Box::pin(lazy::explorer()), visible),
        Page::Audit => lazy::page(|| Box::pin(lazy::audit()), visible),
    }
}

/// Where we are connected, which versions, and the disconnect button.
#[component]
fn ServerBadge() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    let locked = host.config.lock_server;
    let info = move || {
        session.model.with(msmp::model::Slice::Status, |m| {
            let protocol = m.discover.as_ref().map(|d| d.protocol.clone());
            let version = m.version.as_ref().map(|v| v.name.clone());
            (protocol, version)
        })
    };
    // The live region stays while the badge comes and goes, so "Connecting to…" and then
    // "Connected to…" are announced.
    view! {
        <div class="badge-live" role="status">
        {show(move || session.link.with(|l| !matches!(l, Link::Idle | Link::Failed { .. })), move || view! {
            <div class="badge">
                <span>{move || {
                    let template = if session.link.with(Link::is_open) { t().connected_to } else { t().connecting_to };
                    let name = host.server_name.get().or_else(|| use_context::<Fleet>().and_then(|f| {
                        let id = f.current.get();
                        f.members.with(|all| all.iter().find(|m| m.id == id).and_then(|m| m.name.get()))
                    }));
                    session.endpoint.get().map(|e| fill(template, &[&name.unwrap_or(e.authority)])).unwrap_or_default()
                }}</span>
                {move || info().1.map(|v| view! { <span class="pill">{v}</span> }.into_any())}
                {move || info().0.map(|p| view! { <span class="pill">"MSMP "{p}</span> }.into_any())}
                {(!locked).then(|| view! {
                    <button type="button" class="small" on:click=move |_| session.disconnect()>{t().disconnect}</button>
                }.into_any())}
            </div>
        })}
        </div>
    }
}

/// Connection trouble while the panel is showing a server: lost, reconnecting, loading.
#[component]
fn LinkBanner() -> impl IntoView {
    let session = expect_context::<Session>();
    let fleet = use_context::<Fleet>();
    let several = move || fleet.is_some_and(|f| f.len() > 1);
    view! {
        {move || match session.link.get() {
            Link::Lost { retry_at_ms, attempt } => {
                let secs = move || retry_at_ms.saturating_sub(session.clock.get().max(now_ms())).div_ceil(1000);
                Some(view! {
                    <div class="banner warn" role="alert">
                        // The countdown is read once, not every second.
                        <span aria-live="off">{move || fill(t().lost_banner, &[&secs(), &attempt])}</span>" "
                        <button type="button" class="small" on:click=move |_| session.retry_now()>{t().retry_now}</button>
                    </div>
                }.into_any())
            }
            Link::Reconnecting { attempt } => Some(view! {
                <div class="banner warn" role="alert">{fill(t().reconnecting_banner, &[&attempt])}</div>
            }.into_any()),
            Link::Syncing => Some(view! { <div class="banner" role="status">{t().syncing}</div> }.into_any()),
            // With one server the connection form stands here instead.
            Link::Idle | Link::Failed { .. } if several() => Some(lazy::page(|| Box::pin(lazy::reconnect()), Signal::stored(true))),
            _ => None,
        }}
        {move || session.sync_error.get().filter(|_| session.link.with(Link::is_open)).map(|e| view! {
            <div class="banner warn" role="alert">{e}</div>
        }.into_any())}
    }
}

/// A server of several that is not connected (its first attempt failed, it was
/// disconnected, or no secret came with it): try again, with the secret given before or a
/// new one.
#[component]
pub(crate) fn Reconnect() -> impl IntoView {
    let session = expect_context::<Session>();
    let secret = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let failed = move || session.link.with(|l| matches!(l, Link::Failed { .. }));
    let name = move || {
        session
            .endpoint
            .with(|e| e.as_ref().map(|e| e.authority.clone()))
            .unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = secret.get_untracked();
        let outcome = if typed.is_empty() {
            session
                .reconnect()
                .then_some(())
                .ok_or(t().server_secret_needed.to_string())
        } else {
            crate::logic::connect::check_secret(&typed).and_then(|()| {
                let endpoint = session
                    .endpoint
                    .get_untracked()
                    .ok_or(t().address_missing.to_string())?;
                session.connect(endpoint, typed);
                Ok(())
            })
        };
        error.set(outcome.err());
        secret.set(String::new());
    };
    view! {
        <form class="banner warn" aria-label=t().connect on:submit=submit>
            <span role="alert">{move || fill(if failed() { t().server_failed } else { t().server_not_connected }, &[&name()])}</span>" "
            <label>{t().secret_label}" "
                <input type="password" autocomplete="off" prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
            </label>" "
            <button type="submit" class="small">{t().connect}</button>
            <widgets::FormError error=error/>
        </form>
    }
}
