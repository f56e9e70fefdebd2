//! Pages that are not needed at start live in their own wasm chunk in the release build
//! (`cfg(msmp_split)`, set by `cargo xtask dist`): the browser fetches a page's chunk on its
//! first visit, which keeps the start bundle inside its budget as pages are added. Other
//! builds (`trunk serve`, tests, plain `trunk build`) compile the same functions in.
//!
//! The Overview (which connecting shows) and the list pages stay in the start module: in a
//! chunk the lists were slower where it counts (10k entries, side by side in one session:
//! connect to the first rows 839 against 509 ms, a filter keystroke 11.0 against 7.5 ms),
//! as a chunk's calls into the start module cannot be inlined.

use crate::i18n::{t, zh_cn, Lang, Table, ENGLISH};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// Builds a page's view (given whether it is on screen); it runs inside the page's
/// reactive owner, so contexts resolve.
pub type Build = fn(Signal<bool>) -> AnyView;
pub type Loading = Pin<Box<dyn Future<Output = Result<Build, SplitLoaderError>>>>;

/// `name => chunk: |visible| view;` defines `async fn name() -> Result<Build, SplitLoaderError>`.
/// All functions naming one chunk share it.
macro_rules! split_pages {
    ($($name:ident => $chunk:ident: $build:expr;)*) => {$(
        #[cfg(msmp_split)]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name() -> Result<Build, SplitLoaderError> {
            Ok($build)
        }
        #[cfg(not(msmp_split))]
        pub async fn $name() -> Result<Build, SplitLoaderError> {
            Ok($build)
        }
    )*};
}

split_pages! {
    list_forms => list_forms: |visible| view! { <super::list_forms::Forms visible=visible/> }.into_any();
    toasts => activity: |_| view! { <super::activity::Toasts/> }.into_any();
    audit => activity: |_| view! { <super::activity::AuditLog/> }.into_any();
    chart => chart: |visible| view! { <super::chart::OnlineChart visible=visible/> }.into_any();
    players => players: |visible| view! { <super::players::Players visible=visible/> }.into_any();
    explorer => explorer: |_| view! { <super::explorer::Explorer/> }.into_any();
    settings => settings: |_| view! { <super::settings::Settings/> }.into_any();
    game_rules => game_rules: |_| view! { <super::game_rules::GameRules/> }.into_any();
    server => server: |visible| view! { <super::server::ServerPage visible=visible/> }.into_any();
    events => events: |visible| view! { <super::events::Events visible=visible/> }.into_any();
    fleet => fleet: |_| view! { <super::fleet::FleetOverview/> }.into_any();
    bulk => bulk: |_| view! { <super::bulk::BulkActions/> }.into_any();
    lookup => lookup: |_| view! { <super::lookup::FindPlayer/> }.into_any();
    compare => compare: |_| view! { <super::compare::CompareLists/> }.into_any();
    checklist => checklist: |_| view! { <super::connect::FailureChecklist/> }.into_any();
    reconnect => reconnect: |_| view! { <super::Reconnect/> }.into_any();
}

/// The Chinese table (a chunk of its own: English users never fetch it).
#[cfg(msmp_split)]
#[leptos::wasm_split::wasm_split(zh_cn, wasm_split_path = ::leptos::wasm_split, fallible)]
fn chinese() -> Result<Table, SplitLoaderError> {
    Ok(Table {
        lang: Lang::ZhCn,
        strings: &zh_cn::ZH_CN,
        setting_label: zh_cn::setting_label,
    })
}
#[cfg(not(msmp_split))]
async fn chinese() -> Result<Table, SplitLoaderError> {
    Ok(Table {
        lang: Lang::ZhCn,
        strings: &zh_cn::ZH_CN,
        setting_label: zh_cn::setting_label,
    })
}

/// Switches the language, keeping what was typed (`keep`): a chunk, as only a switch needs it.
pub type Relook = fn(RwSignal<Lang>, Lang);
#[cfg(msmp_split)]
#[leptos::wasm_split::wasm_split(relook, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn relook() -> Result<Relook, SplitLoaderError> {
    Ok(super::keep::relook)
}
#[cfg(not(msmp_split))]
pub async fn relook() -> Result<Relook, SplitLoaderError> {
    Ok(super::keep::relook)
}

/// The strings of `lang`, fetched first where they are a chunk.
pub async fn table(lang: Lang) -> Result<Table, SplitLoaderError> {
    match lang {
        Lang::En => Ok(ENGLISH),
        Lang::ZhCn => chinese().await,
    }
}

/// The page once its chunk is in; until then a notice, and if the chunk cannot be fetched
/// (offline, a redeployed panel) a notice saying so and a retry: failures are not remembered.
pub fn page(load: fn() -> Loading, visible: Signal<bool>) -> AnyView {
    // None: on its way; Some(None): the fetch failed.
    let state = RwSignal::new(None::<Option<Build>>);
    let attempt = move || {
        state.set(None);
        leptos::task::spawn_local(async move {
            state.set(Some(load().await.ok()));
        });
    };
    attempt();
    (move || match state.get() {
        None => view! { <p class="lazy-loading" role="status">{t().page_loading}</p> }.into_any(),
        Some(Some(build)) => build(visible),
        Some(None) => view! {
            <div class="banner warn" role="alert">
                <span>{t().page_load_failed}</span>" "
                <button type="button" class="small" on:click=move |_| attempt()>{t().retry_now}</button>
            </div>
        }
        .into_any(),
    })
    .into_any()
}
