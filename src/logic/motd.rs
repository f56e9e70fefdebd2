//! The MOTD's `§` formatting codes, read the way Minecraft Java Edition reads them, into
//! runs of text with one style each (the panel draws them as text, never as HTML).

/// The 16 colours, by code `0`–`f`, as the game draws them.
pub const COLOURS: [(char, &str); 16] = [
    ('0', "#000000"),
    ('1', "#0000AA"),
    ('2', "#00AA00"),
    ('3', "#00AAAA"),
    ('4', "#AA0000"),
    ('5', "#AA00AA"),
    ('6', "#FFAA00"),
    ('7', "#AAAAAA"),
    ('8', "#555555"),
    ('9', "#5555FF"),
    ('a', "#55FF55"),
    ('b', "#55FFFF"),
    ('c', "#FF5555"),
    ('d', "#FF55FF"),
    ('e', "#FFFF55"),
    ('f', "#FFFFFF"),
];

/// The formatting codes besides colours: obfuscated, bold, strikethrough, underline,
/// italic, reset.
pub const FORMATS: [char; 6] = ['k', 'l', 'm', 'n', 'o', 'r'];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// `None`: the default colour of the server list.
    pub colour: Option<&'static str>,
    pub obfuscated: bool,
    pub bold: bool,
    pub strikethrough: bool,
    pub underline: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: Style,
}

/// Splits `motd` into styled runs. A colour code also ends bold, italic and the rest (as
/// in the game); `§r` resets everything; a code the game does not know, and a `§` at the
/// end, are dropped with their character, as the game drops them.
pub fn runs(motd: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut style = Style::default();
    let mut chars = motd.chars();
    while let Some(c) = chars.next() {
        if c == '§' {
            let code = chars.next().map(|c| c.to_ascii_lowercase());
            match code {
                Some('k') => style.obfuscated = true,
                Some('l') => style.bold = true,
                Some('m') => style.strikethrough = true,
                Some('n') => style.underline = true,
                Some('o') => style.italic = true,
                Some('r') => style = Style::default(),
                Some(code) => {
                    if let Some((_, hex)) = COLOURS.iter().find(|(k, _)| *k == code) {
                        style = Style {
                            colour: Some(hex),
                            ..Style::default()
                        };
                    }
                }
                None => {}
            }
            continue;
        }
        match out.last_mut() {
            Some(run) if run.style == style => run.text.push(c),
            _ => out.push(Run {
                text: c.to_string(),
                style,
            }),
        }
    }
    out
}

/// The byte offset of the `units`-th UTF-16 unit of `s` (what a browser's text selection
/// counts in), or the end.
pub fn byte_at(s: &str, units: u32) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= units as usize {
            return i;
        }
        seen += c.len_utf16();
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_count_in_utf16_units() {
        assert_eq!(byte_at("abc", 1), 1);
        assert_eq!(byte_at("§a", 1), 2, "§ is one unit, two bytes");
        assert_eq!(byte_at("😀x", 2), 4, "an emoji is two units");
        assert_eq!(byte_at("ab", 99), 2);
    }

    fn texts(motd: &str) -> Vec<(String, Style)> {
        runs(motd).into_iter().map(|r| (r.text, r.style)).collect()
    }

    #[test]
    fn plain_text_is_one_run() {
        assert_eq!(
            texts("A Minecraft Server"),
            vec![("A Minecraft Server".into(), Style::default())]
        );
        assert!(runs("").is_empty());
    }

    #[test]
    fn colours_and_formats_apply_until_reset() {
        let r = runs("§cRed §lbold§r plain");
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].text, "Red ");
        assert_eq!(r[0].style.colour, Some("#FF5555"));
        assert_eq!(r[1].text, "bold");
        assert!(r[1].style.bold && r[1].style.colour == Some("#FF5555"));
        assert_eq!(r[2].text, " plain");
        assert_eq!(r[2].style, Style::default());
    }

    #[test]
    fn a_colour_ends_the_formats_before_it() {
        let r = runs("§l§nloud§9blue");
        assert!(r[0].style.bold && r[0].style.underline);
        assert_eq!(
            r[1].style,
            Style {
                colour: Some("#5555FF"),
                ..Style::default()
            }
        );
    }

    #[test]
    fn codes_are_case_insensitive_and_unknown_ones_dropped() {
        assert_eq!(runs("§Agreen")[0].style.colour, Some("#55FF55"));
        assert_eq!(texts("a§zb§"), vec![("ab".into(), Style::default())]);
        let r = runs("§ksecret§m§ogone");
        assert!(r[0].style.obfuscated);
        assert!(r[1].style.obfuscated && r[1].style.strikethrough && r[1].style.italic);
    }

    #[test]
    fn markup_stays_text() {
        assert_eq!(runs("<b>hi</b>\nline 2")[0].text, "<b>hi</b>\nline 2");
    }
}
