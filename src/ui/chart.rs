//! The Overview's chart of players online over time, drawn as SVG from the model's samples
//! (a chunk: fetched when the Overview first shows it).

use crate::i18n::{by_lang, fill, number, time_of_day};
use crate::logic::chart::{layout, y_of, BOTTOM, HEIGHT, LEFT, WIDTH};
use crate::session::Session;
use crate::ui::flow::each;
use leptos::prelude::*;
use msmp::model::Slice;

struct Texts {
    heading: &'static str,
    summary: &'static str,
    point: &'static str,
}

static EN: Texts = Texts {
    heading: "Players online over time",
    summary: "Players online from {0} to {1}: now {2}, at most {3}.",
    point: "{0}: {1} online",
};

static ZH: Texts = Texts {
    heading: "在线玩家人数变化",
    summary: "{0} 至 {1} 的在线玩家：当前 {2} 人，最多 {3} 人。",
    point: "{0}：{1} 人在线",
};

fn texts() -> &'static Texts {
    by_lang(&EN, &ZH)
}

#[component]
pub fn OnlineChart(visible: Signal<bool>) -> impl IntoView {
    let session = expect_context::<Session>();
    let tx = texts();
    // Redrawn when the players change, and every ten seconds as the line runs on to now.
    let now = Memo::new(move |_| session.clock.get() / 10_000 * 10_000);
    let chart = Memo::new(move |_| {
        if !visible.get() {
            return None;
        }
        let now = now.get();
        session.model.with(Slice::Players, |m| {
            let now = now.max(m.online_history.last().map_or(0, |s| s.0));
            Some(layout(&m.online_history, now, m.players.len() as u32))
        })
    });
    let drawn = move || {
        let c = chart.get()?;
        let now_count = c.points.last().map_or(0, |p| p.3);
        let summary = fill(
            tx.summary,
            &[
                &time_of_day(c.from_ms),
                &time_of_day(c.to_ms),
                &number(now_count as usize),
                &number(c.peak as usize),
            ],
        );
        let base = HEIGHT - BOTTOM;
        let peak_y = y_of(&c, c.peak);
        Some(view! {
            // The sentence below says what the drawing shows; the drawing is for the eyes.
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") aria-hidden="true">
                <line class="axis" x1=LEFT y1=base x2=WIDTH y2=base/>
                <line class="grid" x1=LEFT y1=peak_y x2=WIDTH y2=peak_y/>
                <text x=LEFT - 6.0 y=base text-anchor="end">"0"</text>
                <text x=LEFT - 6.0 y=peak_y + 4.0 text-anchor="end">{number(c.peak as usize)}</text>
                <text x=LEFT y=HEIGHT - 4.0>{time_of_day(c.from_ms)}</text>
                <text x=WIDTH - 4.0 y=HEIGHT - 4.0 text-anchor="end">{time_of_day(c.to_ms)}</text>
                <path class="line" d=c.path.clone()/>
                {each(c.points, move |(x, y, at, n)| view! {
                    <circle class="point" cx=x cy=y r="3">
                        <title>{fill(tx.point, &[&time_of_day(at), &number(n as usize)])}</title>
                    </circle>
                })}
            </svg>
            <p class="hint">{summary}</p>
        })
    };
    view! {
        <section class="card" aria-labelledby="chart-heading">
            <h3 id="chart-heading">{tx.heading}</h3>
            {drawn}
        </section>
    }
}
