//! The counting allocator (`floe_test_support::memory`) is installed in
//! this binary: the hostile corpus measures the memory each entry takes.

use floe_test_support::memory::{Counting, peak_during};

#[global_allocator]
static ALLOC: Counting = Counting;

#[test]
fn the_peak_counts_what_was_held_at_once() {
    let ((), peak) = peak_during(|| {
        let a = vec![0u8; 3 << 20];
        drop(a);
        let b = vec![1u8; 1 << 20];
        std::hint::black_box(&b);
    });
    assert!((3 << 20..4 << 20).contains(&peak), "peak {peak}");
}
