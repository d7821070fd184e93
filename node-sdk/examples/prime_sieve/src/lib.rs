//! A compute-heavy node: counts primes with the sieve of Eratosthenes.

use floe_node_sdk::{Context, DataType, Definition, LogLevel, Node, NodeError, Pin, Scores};

/// The node.
pub struct PrimeSieve;

/// The largest limit the node accepts.
pub const MAX_LIMIT: i64 = 50_000_000;

/// Number of primes ≤ `limit` and the largest of them (0 if none).
pub fn sieve(limit: usize) -> (i64, i64) {
    if limit < 2 {
        return (0, 0);
    }
    let mut composite = vec![false; limit + 1];
    let mut count = 0;
    let mut largest = 0;
    for n in 2..=limit {
        if composite[n] {
            continue;
        }
        count += 1;
        largest = n as i64;
        // `n * n` overflows a 32-bit usize (wasm32) for n > 65535.
        let mut m = n.saturating_mul(n);
        while m <= limit {
            composite[m] = true;
            m += n;
        }
    }
    (count, largest)
}

impl Node for PrimeSieve {
    const DEFINITION: Definition = Definition {
        name: "prime_sieve",
        friendly_name: "Prime sieve",
        description: "Counts the prime numbers up to Limit (at most 50,000,000) and gives the largest; deliberately compute-heavy.",
        category: "Custom/Math",
        icon: "cpu",
        pins: &[
            Pin::input("limit", "Limit", DataType::Integer).default("1000"),
            Pin::output("count", "Count", DataType::Integer),
            Pin::output("largest", "Largest", DataType::Integer),
        ],
        scores: Scores { performance: 4, ..Scores::SANDBOXED },
        config: &[],
        type_params: &[],
        http: &[],
        secrets: &[],
    };

    fn run(cx: &mut Context<'_>) -> Result<(), NodeError> {
        let limit = cx.i64("limit")?;
        if !(0..=MAX_LIMIT).contains(&limit) {
            return Err(NodeError::new(
                "bad-input",
                format!("input `limit` must be between 0 and {MAX_LIMIT}, got {limit}"),
            ));
        }
        let (count, largest) = sieve(limit as usize);
        cx.log(LogLevel::Debug, &format!("{count} primes up to {limit}"));
        cx.set("count", count)?;
        cx.set("largest", largest)
    }
}

floe_node_sdk::export_node!(PrimeSieve);

#[cfg(test)]
mod tests {
    use super::*;
    use floe_node_sdk::MockHost;

    #[test]
    fn large_limits_do_not_overflow_on_32_bit_targets() {
        // Regression: `n * n` wrapped on wasm32 and marked primes as composite.
        assert_eq!(sieve(300_000), (25_997, 299_993));
    }

    #[test]
    fn known_counts() {
        assert_eq!(sieve(10), (4, 7));
        assert_eq!(sieve(1_000_000), (78_498, 999_983));
        let run = MockHost::new().input("limit", 100).run::<PrimeSieve>();
        assert_eq!(run.output("count").and_then(|v| v.as_i64()), Some(25));
        assert_eq!(run.logs, vec![(LogLevel::Debug, "25 primes up to 100".to_owned())]);
    }
}
