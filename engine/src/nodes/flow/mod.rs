//! Flow: steering execution (branches, loops, gates) and timing.

mod branch;
mod collect;
mod delay;
mod for_each;
mod gate;
mod sequence;
mod switch;
mod while_loop;

pub(crate) fn all() -> Vec<crate::catalog::Builtin> {
    vec![
        branch::kind(),
        switch::kind(),
        gate::kind(),
        sequence::kind(),
        for_each::kind(),
        while_loop::kind(),
        delay::kind(),
        collect::kind(),
    ]
}
