//! `SetVariables`: the board's variables, all at once.

use floe_engine::{Board, Variable};

use super::{Applied, Change, Command, CommandError};

pub(super) fn apply(board: &mut Board, variables: &[Variable]) -> Result<Applied, CommandError> {
    for (i, v) in variables.iter().enumerate() {
        if variables[..i].iter().any(|w| w.name == v.name) {
            return Err(CommandError::DuplicateVariable(v.name.clone()));
        }
    }
    let old = std::mem::replace(&mut board.variables, variables.to_vec());
    Ok((Command::SetVariables { variables: old }, vec![Change::Variables]))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{board, round_trip};
    use super::*;
    use floe_engine::{DataType, ValueType};

    fn var(name: &str) -> Variable {
        Variable {
            name: name.into(),
            data_type: DataType::Integer,
            value_type: ValueType::Normal,
            default: 0.into(),
            description: String::new(),
        }
    }

    #[test]
    fn replaces_the_list_and_refuses_twins() {
        let mut b = board();
        round_trip(&mut b, &Command::SetVariables { variables: vec![var("n"), var("m")] });
        let twins = Command::SetVariables { variables: vec![var("n"), var("n")] };
        assert_eq!(twins.apply(&mut b).unwrap_err().to_string(), "two variables are named `n`");
    }
}
