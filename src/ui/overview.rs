//! At a glance: state, versions, who is online, heartbeat, world upgrade, recent events.

use crate::i18n::{fill, t};
use crate::session::Session;
use crate::ui::events::EventRow;
use crate::ui::flow::{keyed, player_row_key, show_or};
use crate::ui::lazy;
use crate::ui::pager::{Pager, PagerNav};
use leptos::prelude::*;
use msmp::catalog::ProtocolVersion;
use msmp::model::{Slice, Upgrade};

#[component]
pub fn Overview(visible: Signal<bool>) -> impl IntoView {
    let session = expect_context::<Session>();
    let m = session.model;
    let state = move || {
        m.with(Slice::Status, |m| match (m.started, m.stopping) {
            (_, true) => t().state_stopping,
            (Some(true), _) => t().state_started,
            (Some(false), _) => t().state_not_started,
            (None, _) => t().state_unknown,
        })
        .to_string()
    };
    let version = move || {
        m.with(Slice::Status, |m| {
            m.version
                .as_ref()
                .map(|v| format!("{} (protocol {})", v.name, v.protocol))
        })
        .unwrap_or_else(|| "—".into())
    };
    let protocol = move || {
        m.with(Slice::Status, |m| {
            m.discover.as_ref().map(|d| {
                // Past the newest version this build knows: what the server lists is used.
                let newest = ProtocolVersion::ALL.last().copied();
                let newer = ProtocolVersion::parse(&d.protocol).is_none() && d.version == newest;
                if newer {
                    fill(t().protocol_newer, &[&d.protocol])
                } else {
                    d.protocol.clone()
                }
            })
        })
        .unwrap_or_else(|| "—".into())
    };
    let heartbeat = move || {
        let now = session.clock.get();
        m.with(Slice::Status, |m| m.last_heartbeat_ms)
            .map(|at| fill(t().heartbeat_age, &[&(now.saturating_sub(at) / 1000)]))
            .unwrap_or_else(|| t().heartbeat_none.to_string())
    };
    let activity = move || {
        let now = session.clock.get();
        m.with(Slice::Status, |m| m.last_activity_ms)
            .map(|at| fill(t().heartbeat_age, &[&(now.saturating_sub(at) / 1000)]))
            .unwrap_or_else(|| "—".to_string())
    };
    let online = move || m.with(Slice::Players, |m| m.players.len());
    let pager = Pager::new();
    let total = Signal::derive(online);
    let players = Memo::new(move |_| {
        let range = pager.window(total.get());
        m.with(Slice::Players, |m| m.players[range].to_vec())
    });
    let recent = Memo::new(move |_| {
        if !visible.get() {
            return Vec::new();
        }
        m.with(Slice::Events, |m| {
            m.events.iter().rev().take(10).cloned().collect::<Vec<_>>()
        })
    });
    // `{move || f()}` rather than `{f}`: the view macro erases inline closures to one type,
    // while each named closure would be its own view type in the bundle.
    view! {
        <section class="card" aria-labelledby="status-heading">
            <h3 id="status-heading">{t().status_heading}</h3>
            <dl class="facts">
                <dt>{t().state_label}</dt><dd data-testid="server-state">{move || state()}{move || if m.with(Slice::Status, |m| m.saving) { format!(" · {}", t().saving_now) } else { String::new() }}</dd>
                <dt>{t().version_label}</dt><dd>{move || version()}</dd>
                <dt>{t().protocol_label}</dt><dd>{move || protocol()}</dd>
                <dt>{t().heartbeat_label}</dt><dd>{move || heartbeat()}</dd>
                <dt>{t().activity_label}</dt><dd>{move || activity()}</dd>
            </dl>
        </section>
        {move || m.with(Slice::Status, |m| m.upgrade.clone()).map(|u| view! { <UpgradeView upgrade=u/> }.into_any())}
        <section class="card" aria-labelledby="online-heading">
            <h3 id="online-heading">{t().players_online_heading}" "<span class="count">{move || online().to_string()}</span></h3>
            {show_or(move || visible.get() && online() > 0, move || view! {
                <ul class="names" aria-label=t().players_online_heading>
                    {keyed(move || players.get(), player_row_key, |p| view! { <li>{p.label().to_string()}</li> })}
                </ul>
                <PagerNav pager=pager total=total label=t().players_pages/>
            }, move || view! { <p>{(online() == 0).then_some(t().nobody_online)}</p> })}
        </section>
        {lazy::page(|| Box::pin(lazy::chart()), visible)}
        <section class="card" aria-labelledby="recent-heading">
            <h3 id="recent-heading">{t().recent_events}</h3>
            <div class="table-scroll"><table class="events">
                <tbody>
                    {keyed(move || recent.get(), |e| e.seq.to_string(), |e| view! { <EventRow event=e/> })}
                </tbody>
            </table></div>
        </section>
    }
}

#[component]
fn UpgradeView(upgrade: Upgrade) -> impl IntoView {
    let body = match upgrade {
        Upgrade::Running { progress } => {
            let pct = progress.map(|p| (p * 100.0).round() as u32);
            view! {
                <p>{t().upgrade_running}{pct.map(|p| format!(" {p}%"))}</p>
                <progress max="100" value=pct.unwrap_or(0) aria-label=t().upgrade_running></progress>
            }
            .into_any()
        }
        Upgrade::Finished => view! { <p role="status">{t().upgrade_finished}</p> }.into_any(),
        Upgrade::Failed { reason } => {
            view! { <p role="alert">{fill(t().upgrade_failed, &[&reason])}</p> }.into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="upgrade-heading">
            <h3 id="upgrade-heading">{t().upgrade_heading}</h3>
            {body}
        </section>
    }
}
