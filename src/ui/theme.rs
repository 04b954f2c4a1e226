//! Colours and emphasis by meaning (selection, muted text, RAG), never by
//! widget, so a theme file can later restyle every screen at once. The
//! default uses the 16 ANSI colours and the terminal's own background, so
//! it reads on dark and light terminals and over the oldest SSH client.

use crate::domain::child::Rag;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub title: Style,
    pub header: Style,
    pub selection: Style,
    pub border: Style,
    pub key: Style,
    pub warning: Style,
    pub rag_red: Style,
    pub rag_amber: Style,
    pub rag_yellow: Style,
    pub rag_green: Style,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            text: Style::new(),
            muted: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(Modifier::BOLD),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            // Reverse video shows the selection even without colour.
            selection: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            rag_red: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            rag_amber: Style::new().fg(Color::LightRed),
            rag_yellow: Style::new().fg(Color::Yellow),
            rag_green: Style::new().fg(Color::Green),
        }
    }
}

impl Theme {
    pub fn rag(&self, rag: Rag) -> Style {
        match rag {
            Rag::Red => self.rag_red,
            Rag::Amber => self.rag_amber,
            Rag::Yellow => self.rag_yellow,
            Rag::Green => self.rag_green,
        }
    }
}
