//! The `run_typed` messages: context (host → node) and result (node → host).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::abi::wire::{self, Reader, WireError, Writer};
use crate::abi::{ABI_VERSION, LogLevel};
use crate::context::NodeError;
use crate::value::PinValue;

/// What the host sends to `run_typed`.
#[derive(Clone, Debug, PartialEq)]
pub struct RunContext {
    /// Data inputs, in pin order.
    pub inputs: Vec<PinValue>,
    /// The node's settings.
    pub config: Vec<(String, PinValue)>,
    /// The run's id.
    pub run_id: String,
}

impl RunContext {
    /// The wire bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u32(ABI_VERSION as u32);
        PinValue::List(self.inputs.clone()).write(&mut w);
        PinValue::Map(self.config.clone()).write(&mut w);
        w.str(&self.run_id);
        w.buf
    }

    /// Reads the wire bytes.
    pub fn decode(bytes: &[u8]) -> Result<RunContext, WireError> {
        let mut r = Reader::new(bytes);
        let version = r.u32()?;
        if version != ABI_VERSION as u32 {
            return Err(WireError { at: 0, what: "the host speaks another ABI version" });
        }
        let inputs = match PinValue::read(&mut r)? {
            PinValue::List(v) => v,
            _ => return Err(WireError { at: 4, what: "inputs are not a list" }),
        };
        let config = match PinValue::read(&mut r)? {
            PinValue::Map(m) => m,
            _ => return Err(WireError { at: 0, what: "config is not a map" }),
        };
        let run_id = r.str()?.to_owned();
        Ok(RunContext { inputs, config, run_id })
    }
}

/// What `run_typed` returns.
#[derive(Clone, Debug, PartialEq)]
pub struct RunResult {
    /// The outputs and fired execution output, or the failure.
    pub outcome: Result<(Vec<PinValue>, Option<u16>), NodeError>,
    /// Log lines not already sent through the `floe.log` import.
    pub logs: Vec<(LogLevel, String)>,
}

impl RunResult {
    /// The wire bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        match &self.outcome {
            Ok((outputs, fire)) => {
                w.u8(wire::OK);
                w.u16(fire.unwrap_or(wire::NO_FIRE));
                PinValue::List(outputs.clone()).write(&mut w);
            }
            Err(e) => {
                w.u8(wire::FAILED);
                w.str(&e.code);
                w.str(&e.message);
            }
        }
        w.u32(self.logs.len() as u32);
        for (level, text) in &self.logs {
            w.u8(*level as u8);
            w.str(text);
        }
        w.buf
    }

    /// Reads the wire bytes.
    pub fn decode(bytes: &[u8]) -> Result<RunResult, WireError> {
        let mut r = Reader::new(bytes);
        let outcome = match r.u8()? {
            wire::OK => {
                let fire = r.u16()?;
                let outputs = match PinValue::read(&mut r)? {
                    PinValue::List(v) => v,
                    _ => return Err(WireError { at: 3, what: "outputs are not a list" }),
                };
                Ok((outputs, (fire != wire::NO_FIRE).then_some(fire)))
            }
            wire::FAILED => Err(NodeError { code: r.str()?.to_owned(), message: r.str()?.to_owned() }),
            _ => return Err(WireError { at: 0, what: "unknown result status" }),
        };
        let n = r.count(5)?;
        let mut logs = Vec::with_capacity(n);
        for _ in 0..n {
            let level = LogLevel::from_i32(i32::from(r.u8()?));
            logs.push((level, r.str()?.to_owned()));
        }
        Ok(RunResult { outcome, logs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let cx = RunContext {
            inputs: vec![PinValue::Int(1), PinValue::Text("a".into())],
            config: vec![("k".into(), PinValue::Bool(true))],
            run_id: "r1".into(),
        };
        assert_eq!(RunContext::decode(&cx.encode()).unwrap(), cx);
        let ok =
            RunResult { outcome: Ok((vec![PinValue::Float(1.5)], Some(1))), logs: vec![(LogLevel::Warn, "w".into())] };
        assert_eq!(RunResult::decode(&ok.encode()).unwrap(), ok);
        let bad = RunResult { outcome: Err(NodeError::new("x", "y")), logs: vec![] };
        assert_eq!(RunResult::decode(&bad.encode()).unwrap(), bad);
    }
}
