//! Long lists are shown a page at a time, so the DOM holds at most `PAGE_SIZE` rows of a
//! list of any length. Paging rather than a scroll window keeps every row a plain table row:
//! reachable by Tab and by a screen reader's table commands, with the range announced.

use crate::i18n::{fill, number, t};
use crate::logic::paging::{self, PAGE_SIZE};
use crate::ui::flow::show;
use leptos::prelude::*;

/// Which page of a list is on screen.
#[derive(Clone, Copy)]
pub struct Pager {
    page: RwSignal<usize>,
}

impl Default for Pager {
    fn default() -> Self {
        Self::new()
    }
}

impl Pager {
    pub fn new() -> Pager {
        Pager {
            page: RwSignal::new(0),
        }
    }

    /// The index range on screen out of `total` items (the last page if the list shrank).
    pub fn window(&self, total: usize) -> std::ops::Range<usize> {
        paging::window(self.page.get(), total)
    }

    pub fn first(&self) {
        self.page.set(0);
    }
}

/// "Rows 101–200 of 10,000" with Previous / Next; nothing when everything fits one page.
#[component]
pub fn PagerNav(pager: Pager, total: Signal<usize>, label: &'static str) -> impl IntoView {
    let range = move || pager.window(total.get());
    let last = move || total.get().saturating_sub(1) / PAGE_SIZE;
    let page = pager.page;
    // Built once when the list outgrows a page; a count that keeps changing (a burst of
    // joins) then only changes the range's text.
    show(
        move || total.get() > PAGE_SIZE,
        move || {
            view! {
                <nav class="pager" aria-label=label>
                    <button type="button" class="small" disabled={move || range().start == 0}
                        on:click=move |_| page.set(range().start / PAGE_SIZE - 1)>{t().page_previous}</button>
                    <span role="status" aria-live="off">{move || {
                        let r = range();
                        fill(t().page_range, &[&number(r.start + 1), &number(r.end), &number(total.get())])
                    }}</span>
                    <button type="button" class="small" disabled={move || range().start / PAGE_SIZE >= last()}
                        on:click=move |_| page.set(range().start / PAGE_SIZE + 1)>{t().page_next}</button>
                </nav>
            }
        },
    )
}
