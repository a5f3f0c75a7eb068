//! Paints laid-out pages with krilla as PDF/A-3b.

use krilla::Document;
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder, PdfVersion};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use crate::fonts::{Fonts, Weight};
use crate::layout::Laid;
use crate::options::Rgb;
use crate::sheet::{FOOTER_Y, LEFT, MUTED, Op, PAGE_H, PAGE_W, RIGHT, RULE};
use crate::{Error, RenderOptions};

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

pub(crate) struct DocInfo<'a> {
    pub lang: &'a str,
    pub author: &'a str,
    pub date: facturx_model::Date,
}

/// Whether krilla deflates the content streams it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Streams {
    /// Level 6, for a PDF handed out as it is.
    Compressed,
    /// Unfiltered, for a PDF that `facturx_pdf::embed` packages next: it
    /// scans content streams anyway and deflates them once at its fast level.
    Unfiltered,
}

pub(crate) fn paint(
    laid: Laid,
    fonts: &Fonts,
    options: &RenderOptions,
    info: DocInfo<'_>,
    streams: Streams,
) -> Result<Vec<u8>, Error> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_B)
        .with_version(PdfVersion::Pdf17)
        .finish()
        .map_err(|e| Error::Pdf {
            reason: format!("{e:?}"),
        })?;
    let settings = krilla::SerializeSettings {
        configuration,
        // Tagging is not required for level B and costs time and bytes.
        enable_tagging: false,
        compress_content_streams: streams == Streams::Compressed,
        ..Default::default()
    };
    let mut document = Document::new_with(settings);
    let date = DateTime::new(info.date.year())
        .month(info.date.month())
        .day(info.date.day())
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    document.set_metadata(
        Metadata::new()
            .title(laid.title.clone())
            .language(info.lang.to_string())
            .authors(vec![info.author.to_string()])
            .creator("facturx-rs".to_string())
            .producer(format!("facturx-render {}", env!("CARGO_PKG_VERSION")))
            .creation_date(date),
    );

    let total = laid.sheet.pages.len();
    let footer_style = crate::sheet::Style::new(6.8, Weight::Regular, MUTED);
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(Error::Unreachable("a4 size"))?;
    for (i, ops) in laid.sheet.pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, fonts, options, op);
        }
        // Footer: rule, seller identity, page number.
        let mut footer = crate::sheet::Sheet::new(crate::fonts::fonts()?);
        footer.pages.clear();
        footer.new_page();
        footer.hline(LEFT, RIGHT, FOOTER_Y - 10.0, 0.5, RULE);
        let mut y = FOOTER_Y;
        for line in &laid.footer {
            for l in footer.wrap(line, footer_style, RIGHT - LEFT - 70.0) {
                footer.text(LEFT, y, footer_style, &l);
                y += footer_style.leading();
            }
        }
        let number = format!("{} {}/{}", laid.page_label, i + 1, total);
        footer.text_right(
            RIGHT,
            FOOTER_Y,
            crate::sheet::Style::new(7.5, Weight::Bold, MUTED),
            &number,
        );
        for op in footer.pages.iter().flatten() {
            draw(&mut surface, fonts, options, op);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| Error::Pdf {
        reason: format!("{e:?}"),
    })
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, options: &RenderOptions, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            size,
            weight,
            color,
            text,
        } => {
            let face = fonts.face(*weight);
            let glyphs = face.glyphs(text);
            surface.set_fill(Some(fill(*color)));
            surface.set_stroke(None);
            surface.draw_glyphs(
                Point::from_xy(*x, *y),
                &glyphs,
                face.font.clone(),
                text,
                *size,
                false,
            );
        }
        Op::Rect { x, y, w, h, color } => {
            let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(fill(*color)));
                surface.set_stroke(None);
                surface.draw_path(&path);
            }
        }
        Op::HLine {
            x1,
            x2,
            y,
            width,
            color,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y);
            pb.line_to(*x2, *y);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(color.0, color.1, color.2).into(),
                    width: *width,
                    ..Default::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Logo { x, y, w, h } => {
            let (Some(logo), Some(size)) = (&options.logo, Size::from_wh(*w, *h)) else {
                return;
            };
            surface.push_transform(&Transform::from_translate(*x, *y));
            surface.draw_image(logo.image.clone(), size);
            surface.pop();
        }
    }
}
