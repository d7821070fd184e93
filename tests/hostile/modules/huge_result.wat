;; A Floe node that claims a 2 GiB result.
(module
  
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 8192))
  (data (i32.const 0) "{\"name\":\"t\",\"friendly_name\":\"T\",\"description\":\"test node\",\"category\":\"Test\",\"pins\":[{\"name\":\"x\",\"friendly_name\":\"X\",\"pin_type\":\"Input\",\"data_type\":\"Integer\",\"default\":0},{\"name\":\"y\",\"friendly_name\":\"Y\",\"pin_type\":\"Output\",\"data_type\":\"Integer\"}]}")
  (func (export "floe_abi_version") (result i32) (i32.const 1))
  (func (export "alloc") (param $n i32) (result i32) (local $p i32)
    (local.set $p (global.get $heap)) (global.set $heap (i32.add (local.get $p) (local.get $n))) (local.get $p))
  (func (export "get_node") (result i64) (i64.const 246))
  (func (export "run_typed") (param i32 i32) (result i64) (i64.const 0x7fffffff)))
