//! Page geometry and the drawing operations the layout produces. The layout
//! runs first and records operations per page, so that page numbers (`1/3`)
//! are known when the pages are painted.

use crate::fonts::{Fonts, Weight};
use crate::options::Rgb;

/// A4 portrait, in PDF points.
pub(crate) const PAGE_W: f32 = 595.276;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const LEFT: f32 = 42.0;
pub(crate) const RIGHT: f32 = PAGE_W - 42.0;
pub(crate) const TOP: f32 = 40.0;
/// Content stops here; the footer lives below.
pub(crate) const BOTTOM: f32 = PAGE_H - 64.0;
/// Baseline of the footer's first line.
pub(crate) const FOOTER_Y: f32 = PAGE_H - 44.0;

pub(crate) const INK: Rgb = Rgb(0x22, 0x22, 0x22);
pub(crate) const MUTED: Rgb = Rgb(0x5F, 0x63, 0x68);
pub(crate) const RULE: Rgb = Rgb(0xC8, 0xCC, 0xD0);
pub(crate) const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);

/// One drawing operation, in top-left-origin page coordinates.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// Text on one baseline, already sanitised for the face.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Rgb,
        text: String,
    },
    /// A filled rectangle.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A horizontal rule.
    HLine {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        color: Rgb,
    },
    /// The template's logo, scaled into the box.
    Logo { x: f32, y: f32, w: f32, h: f32 },
}

/// A text style.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub weight: Weight,
    pub color: Rgb,
}

impl Style {
    pub(crate) const fn new(size: f32, weight: Weight, color: Rgb) -> Style {
        Style {
            size,
            weight,
            color,
        }
    }

    /// Distance between baselines.
    pub(crate) fn leading(self) -> f32 {
        self.size * 1.3
    }
}

/// The pages being laid out.
pub(crate) struct Sheet {
    pub(crate) fonts: &'static Fonts,
    pub(crate) pages: Vec<Vec<Op>>,
}

impl Sheet {
    pub(crate) fn new(fonts: &'static Fonts) -> Sheet {
        Sheet {
            fonts,
            pages: vec![Vec::new()],
        }
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        } else {
            self.pages.push(vec![op]);
        }
    }

    /// Width of `text` in `style`.
    pub(crate) fn width(&self, text: &str, style: Style) -> f32 {
        let face = self.fonts.face(style.weight);
        face.width(&face.sanitize(text), style.size)
    }

    /// Draws `text` starting at `x`; returns its width.
    pub(crate) fn text(&mut self, x: f32, y: f32, style: Style, text: &str) -> f32 {
        let face = self.fonts.face(style.weight);
        let clean = face.sanitize(text);
        let w = face.width(&clean, style.size);
        if !clean.trim().is_empty() {
            self.push(Op::Text {
                x,
                y,
                size: style.size,
                weight: style.weight,
                color: style.color,
                text: clean.into_owned(),
            });
        }
        w
    }

    /// Draws `text` ending at `right`; returns its width.
    pub(crate) fn text_right(&mut self, right: f32, y: f32, style: Style, text: &str) -> f32 {
        let w = self.width(text, style);
        self.text(right - w, y, style, text)
    }

    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        if w > 0.0 && h > 0.0 {
            self.push(Op::Rect { x, y, w, h, color });
        }
    }

    pub(crate) fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32, color: Rgb) {
        self.push(Op::HLine {
            x1,
            x2,
            y,
            width,
            color,
        });
    }

    pub(crate) fn logo(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.push(Op::Logo { x, y, w, h });
    }

    /// Breaks `text` into lines no wider than `width`: at spaces when it can,
    /// inside a word when one word is too wide. Explicit newlines are kept.
    pub(crate) fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let face = self.fonts.face(style.weight);
        let space = face.width(" ", style.size);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            for word in paragraph.split_whitespace() {
                let clean = face.sanitize(word);
                let w = face.width(&clean, style.size);
                let needed = if line.is_empty() {
                    w
                } else {
                    line_w + space + w
                };
                if needed <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(&clean);
                    line_w = needed;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line_w = 0.0;
                if w <= width {
                    line.push_str(&clean);
                    line_w = w;
                    continue;
                }
                // A word wider than the column: cut it by characters.
                for c in clean.chars() {
                    let cw = face.width(c.encode_utf8(&mut [0; 4]), style.size);
                    if line_w + cw > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
            lines.push(line);
        }
        while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use crate::fonts::fonts;

    #[test]
    fn wrap_keeps_every_word_within_the_width() {
        let sheet = Sheet::new(fonts().unwrap());
        let style = Style::new(9.0, Weight::Regular, INK);
        let text = "Prestation de conseil en architecture logicielle pour la migration \
                    du système de facturation vers Factur-X, phase 2 sur 3";
        let lines = sheet.wrap(text, style, 120.0);
        assert!(lines.len() >= 3, "{lines:?}");
        for l in &lines {
            assert!(sheet.width(l, style) <= 120.0, "{l:?} too wide");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn wrap_cuts_words_longer_than_the_column() {
        let sheet = Sheet::new(fonts().unwrap());
        let style = Style::new(9.0, Weight::Regular, INK);
        let lines = sheet.wrap(&"X".repeat(200), style, 50.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat().len(), 200);
    }
}
