//! The views. They read the editor's signals and call its actions; none of
//! them changes the board except through a command.

pub mod banner;
pub mod canvas;
pub mod check;
pub mod comment;
pub mod display;
pub mod home;
pub mod inspector;
pub mod menu;
pub mod node;
pub mod palette;
pub mod panel;
pub mod permissions;
pub mod quick_add;
pub mod server;
pub mod share;
pub mod side;
pub mod toolbar;
pub mod value_input;
pub mod versions;
pub mod wat_editor;
pub mod wire;
