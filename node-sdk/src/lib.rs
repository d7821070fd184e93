//! Write Floe nodes in Rust, and the node ABI shared with the engine.
//!
//! A node is a type implementing [`Node`]: a `const` [`Definition`] (pins,
//! scores) and a `run` function reading inputs and setting outputs through
//! [`Context`]. [`export_node!`] turns it into a WebAssembly module for
//! `wasm32-unknown-unknown`; [`MockHost`] runs it natively in unit tests.
//! SDK nodes exchange pin values in a compact binary form (`run_typed`), so
//! no JSON parser runs inside the guest. [`abi`] is the contract itself; see
//! `ABI.md` for authors in other languages.
//!
//! ```
//! use floe_node_sdk::{Context, DataType, Definition, MockHost, Node, NodeError, Pin, Scores};
//!
//! pub struct Shout;
//!
//! impl Node for Shout {
//!     const DEFINITION: Definition = Definition {
//!         name: "shout",
//!         friendly_name: "Shout",
//!         description: "Upper-cases text and adds an exclamation mark.",
//!         category: "Custom/Text",
//!         icon: "megaphone",
//!         pins: &[Pin::input("text", "Text", DataType::String), Pin::output("text", "Text", DataType::String)],
//!         scores: Scores::SANDBOXED,
//!         config: &[],
//!         type_params: &[],
//!         http: &[],
//!         secrets: &[],
//!     };
//!
//!     fn run(cx: &mut Context<'_>) -> Result<(), NodeError> {
//!         let loud = format!("{}!", cx.str("text")?.to_uppercase());
//!         cx.set("text", loud)
//!     }
//! }
//!
//! floe_node_sdk::export_node!(Shout);
//!
//! let run = MockHost::new().input("text", "hi").run::<Shout>();
//! assert_eq!(run.output("text").and_then(|v| v.as_str()), Some("HI!"));
//! ```

#![no_std]

extern crate alloc;
#[cfg(not(target_arch = "wasm32"))]
extern crate std;

pub mod abi;
mod context;
mod def;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod guest;
#[cfg(feature = "host")]
pub mod host;
mod http;
mod json;
mod mock;
mod prelude;
pub mod protocol;
mod schema;
mod value;

pub use abi::LogLevel;
pub use context::{Context, Node, NodeError};
pub use def::{Definition, Http, Pin, PinNames, Role, Setting};
pub use http::http_fetch;
pub use mock::{MockHost, MockRun};
pub use schema::{DataType, Direction, PinType, Scores, ValueType};
pub use value::{OutputValue, PinValue};

/// Exports node type `$node` from a `cdylib` built for `wasm32-unknown-unknown`:
/// `floe_abi_version`, `alloc`, `floe_input_buffer`, `get_node` and `run_typed`. Does nothing on
/// other targets, so the crate still builds (and tests) natively.
///
/// It also installs a bump allocator as the module's global allocator: an
/// instance lives for one call, so freeing matters little, and the allocator
/// costs a few instructions where Rust's default one spends tens of thousands
/// setting itself up on every fresh instance. It reuses the most recent block
/// (so a growing `Vec` or `String` grows in place). A node that allocates and
/// frees a lot in one call can keep Rust's allocator instead:
/// `export_node!(MyNode, allocator = std)`.
///
/// A panic is reported to the node's log as "node panicked at FILE:LINE:COL:
/// MESSAGE" and ends the call with a trap.
///
/// **Lean nodes.** Every function in a module costs instantiation time on
/// every call, and `std` links Rust's panic and formatting machinery (about
/// a hundred functions) into any node that can panic. A node crate that starts
/// with `#![cfg_attr(target_arch = "wasm32", no_std)]` and uses
/// `export_node!(MyNode, no_std)` leaves all of that out and instantiates
/// about twice as fast (see `examples/add_one`): the macro then also provides
/// the panic handler, which reports the location (and the message when it is
/// plain text). Such a crate uses `alloc` (`extern crate alloc;`) for
/// `String`, `Vec` and `format!`, and still builds with `std` natively, so its
/// tests and the [`MockHost`] work as usual.
#[macro_export]
macro_rules! export_node {
    ($node:ty) => {
        $crate::export_node!(@allocator);
        $crate::export_node!(@exports $node, std, bump_alloc);
    };
    ($node:ty, allocator = std) => {
        $crate::export_node!(@exports $node, std, alloc);
    };
    ($node:ty, no_std) => {
        $crate::export_node!(@allocator);
        #[cfg(target_arch = "wasm32")]
        #[panic_handler]
        fn floe_node_panic(info: &::core::panic::PanicInfo<'_>) -> ! {
            $crate::guest::report_panic(
                info.location().map(|l| (l.file(), l.line(), l.column())),
                info.message().as_str(),
            );
            ::core::arch::wasm32::unreachable()
        }
        $crate::export_node!(@exports $node, no_std, bump_alloc);
    };
    (@allocator) => {
        #[cfg(target_arch = "wasm32")]
        #[global_allocator]
        static FLOE_NODE_ALLOCATOR: $crate::guest::BumpAllocator = $crate::guest::BumpAllocator;
    };
    (@hook std) => {
        ::std::panic::set_hook(::std::boxed::Box::new(|info| {
            $crate::guest::report_panic(
                info.location().map(|l| (l.file(), l.line(), l.column())),
                info.payload_as_str(),
            )
        }));
    };
    (@hook no_std) => {};
    (@exports $node:ty, $mode:tt, $alloc:ident) => {
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            pub extern "C" fn floe_abi_version() -> i32 {
                $crate::abi::ABI_VERSION
            }

            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            pub extern "C" fn alloc(len: i32) -> i32 {
                $crate::guest::$alloc(len)
            }

            /// The definition's JSON, built at compile time.
            static FLOE_DEFINITION: [u8; <$node as $crate::Node>::DEFINITION.json_len()] =
                <$node as $crate::Node>::DEFINITION.json_array();

            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            pub extern "C" fn floe_input_buffer() -> i64 {
                $crate::guest::input_buffer()
            }

            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            pub extern "C" fn get_node() -> i64 {
                $crate::guest::bytes(&FLOE_DEFINITION)
            }

            /// The pin names by role, found at compile time.
            static FLOE_INPUTS: [&str; <$node as $crate::Node>::DEFINITION.role_count($crate::Role::Input)] =
                <$node as $crate::Node>::DEFINITION.role_names($crate::Role::Input);
            static FLOE_OUTPUTS: [&str; <$node as $crate::Node>::DEFINITION.role_count($crate::Role::Output)] =
                <$node as $crate::Node>::DEFINITION.role_names($crate::Role::Output);
            static FLOE_EXECS: [&str; <$node as $crate::Node>::DEFINITION.role_count($crate::Role::Exec)] =
                <$node as $crate::Node>::DEFINITION.role_names($crate::Role::Exec);

            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            pub extern "C" fn run_typed(ptr: i32, len: i32) -> i64 {
                $crate::export_node!(@hook $mode);
                let names = $crate::PinNames { inputs: &FLOE_INPUTS, outputs: &FLOE_OUTPUTS, execs: &FLOE_EXECS };
                $crate::guest::run_typed::<$node>(ptr, len, names)
            }
        };
    };
}

/// For node crates' `build.rs` (which always runs natively).
#[cfg(not(target_arch = "wasm32"))]
pub mod build {
    /// The shadow stack [`small_stack`] links with.
    pub const SMALL_STACK: u32 = 32 * 1024;

    /// Links a wasm32 node with a 32 KiB stack instead of Rust's default 1 MiB,
    /// so a small node's whole memory fits in one 64 KiB page: a fresh instance
    /// per call then costs a fraction of the time and memory. Call it from
    /// `build.rs`: `fn main() { floe_node_sdk::build::small_stack(); }`. A node
    /// that recurses deeply can ask for more with [`stack_size`].
    pub fn small_stack() {
        stack_size(SMALL_STACK);
    }

    /// Links a wasm32 node with a `bytes`-byte stack (a multiple of 16). A
    /// stack overflow traps (out-of-bounds memory access); it never corrupts data,
    /// because Rust's wasm32 target puts the stack below everything else.
    pub fn stack_size(bytes: u32) {
        if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
            std::println!("cargo:rustc-cdylib-link-arg=-zstack-size={bytes}");
        }
    }
}
