//! Every server in the tab at a glance: one row each (the table "Servers"), sortable by any
//! column and filtered by name or address; a server's name opens its pages.

use super::Page;
use crate::fleet::Fleet;
use crate::i18n::{fill, number, t};
use crate::session::Link;
use crate::ui::flow::{each, keyed};
use leptos::prelude::*;
use msmp::fleet::row::{sort, totals, Alert, Column, FleetRow, Totals};

const COLUMNS: [Column; 8] = [
    Column::Name,
    Column::Address,
    Column::Link,
    Column::Minecraft,
    Column::Protocol,
    Column::Players,
    Column::Heartbeat,
    Column::Alerts,
];

fn heading(c: Column) -> &'static str {
    let s = t();
    match c {
        Column::Name => s.fleet_name,
        Column::Address => s.fleet_address,
        Column::Link => s.fleet_link,
        Column::Minecraft => s.fleet_minecraft,
        Column::Protocol => s.fleet_protocol,
        Column::Players => s.fleet_players,
        Column::Heartbeat => s.fleet_heartbeat,
        Column::Alerts => s.fleet_alerts,
    }
}

fn link_text(r: &FleetRow) -> String {
    let s = t();
    match &r.link {
        Link::Idle => s.link_idle.into(),
        Link::Connecting => s.link_connecting.into(),
        Link::Syncing => s.link_syncing.into(),
        Link::Ready => s.link_ready.into(),
        Link::Failed { .. } => match &r.failure {
            Some(why) => fill(s.link_failed, &[why]),
            None => s.link_failed_unknown.into(),
        },
        Link::Lost { .. } => fill(s.link_lost, &[&r.retry_in_s.unwrap_or(0)]),
        Link::Reconnecting { attempt } => fill(s.link_reconnecting, &[attempt]),
    }
}

fn alert_text(a: &Alert) -> String {
    let s = t();
    match a {
        Alert::Stopping => s.alert_stopping.into(),
        Alert::Saving => s.alert_saving.into(),
        Alert::NotStarted => s.alert_not_started.into(),
        Alert::UpgradeRunning { progress } => fill(
            s.alert_upgrade,
            &[&progress
                .map(|p| format!("{:.0} %", p * 100.0))
                .unwrap_or_default()],
        ),
        Alert::UpgradeFailed { reason } => fill(s.alert_upgrade_failed, &[reason]),
        Alert::Sync(_) => s.alert_sync.into(),
        Alert::Refused(r) => fill(s.alert_refused, &[&r.method, &r.error]),
    }
}

/// What one cell shows.
fn cell(r: &FleetRow, c: Column) -> String {
    match c {
        Column::Name => r.name.clone(),
        Column::Address => r.address.clone(),
        Column::Link => link_text(r),
        Column::Minecraft => r
            .minecraft
            .as_ref()
            .map(|v| v.name.clone())
            .unwrap_or_default(),
        Column::Protocol => r.protocol.clone().unwrap_or_default(),
        // Out of reach, the last count would be a guess.
        Column::Players if !r.link.is_open() => String::new(),
        Column::Players => match r.max_players {
            Some(max) => format!("{} / {max}", r.online),
            None => r.online.to_string(),
        },
        Column::Heartbeat => r
            .heartbeat_age_s
            .map(|s| fill(t().heartbeat_age, &[&s]))
            .unwrap_or_default(),
        Column::Alerts => r
            .alerts
            .iter()
            .map(alert_text)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[component]
pub fn FleetOverview() -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let page = expect_context::<RwSignal<Page>>();
    // One memo per server: a change on one server redraws its own row only.
    let rows = Memo::new(move |_| {
        fleet
            .members
            .get()
            .into_iter()
            .map(|m| {
                (
                    m.id,
                    Memo::new(move |_| m.session.fleet_row(m.id, &m.label())),
                )
            })
            .collect::<Vec<_>>()
    });
    let sum = Memo::new(move |_| {
        let all: Vec<FleetRow> = rows.with(|r| r.iter().filter_map(|(_, row)| row.get()).collect());
        totals(&all)
    });
    // The ids shown, in order: the keyed table moves rows only when this changes.
    let order = Memo::new(move |_| {
        let mut all: Vec<FleetRow> =
            rows.with(|r| r.iter().filter_map(|(_, row)| row.get()).collect());
        let (column, descending) = fleet.sort.get();
        sort(&mut all, column, descending);
        let query = fleet.filter.get();
        all.iter()
            .filter(|r| r.matches(&query))
            .map(|r| r.id)
            .collect::<Vec<_>>()
    });
    let text = move |id: u32, c: Column| {
        let row = rows.with(|r| r.iter().find(|(i, _)| *i == id).map(|(_, row)| *row))?;
        row.with(|r| r.as_ref().map(|r| cell(r, c)))
    };
    let open = move |id: u32| {
        fleet.current.set(id);
        page.set(Page::Overview);
    };
    let sort_by = move |c: Column| {
        fleet
            .sort
            .update(|(column, descending)| match *column == c {
                true => *descending = !*descending,
                false => (*column, *descending) = (c, false),
            })
    };
    let sorted_by = move |c: Column| match fleet.sort.get() {
        (column, false) if column == c => "ascending",
        (column, true) if column == c => "descending",
        _ => "none",
    };
    view! {
        <div class="toolbar">
            <label>{t().fleet_filter}" "
                <input type="search" prop:value=move || fleet.filter.get()
                    on:input=move |ev| fleet.filter.set(event_target_value(&ev))/>
            </label>
            <span role="status" aria-live="off">{move || sum.with(|Totals { servers, connected, players_online }| {
                fill(t().fleet_totals, &[&number(*connected), &number(*servers), &number(*players_online)])
            })}</span>
        </div>
        <div class="table-scroll">
            <table aria-label=t().page_servers>
                <thead><tr>
                    {each(COLUMNS, move |c| view! {
                        <th aria-sort=move || sorted_by(c)>
                            <button type="button" class="sort" on:click=move |_| sort_by(c)>{heading(c)}</button>
                        </th>
                    })}
                </tr></thead>
                <tbody>
                    {keyed(move || order.get(), u32::to_string, move |id| view! {
                        <tr>
                            <td><button type="button" class="link" on:click=move |_| open(id)>{move || text(id, Column::Name)}</button></td>
                            {each(&COLUMNS[1..], move |c| view! { <td>{move || text(id, *c)}</td> })}
                        </tr>
                    })}
                </tbody>
            </table>
        </div>
        {move || order.with(Vec::is_empty).then(|| view! { <p>{t().fleet_none}</p> }.into_any())}
        <super::saved::SavedServers/>
    }
}
