;; A Floe node written by hand in WebAssembly text, against the typed ABI
;; (node-sdk/ABI.md): it adds two Integers. No compiler, no SDK.
;;
;; Memory layout: the definition JSON at 0, fixed failure results at 1024
;; and 1152, a log message at 1280, and a bump heap from 2048.
(module
  (import "floe" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 2048))

  (data (i32.const 0) "{\"name\":\"add_wat\",\"friendly_name\":\"Add (WAT)\",\"description\":\"Adds two Integers. Written by hand in WebAssembly text against the typed ABI.\",\"category\":\"Custom/Math\",\"icon\":\"plus\",\"pins\":[{\"name\":\"a\",\"friendly_name\":\"A\",\"pin_type\":\"Input\",\"data_type\":\"Integer\",\"value_type\":\"Normal\",\"default\":0},{\"name\":\"b\",\"friendly_name\":\"B\",\"pin_type\":\"Input\",\"data_type\":\"Integer\",\"value_type\":\"Normal\",\"default\":0},{\"name\":\"sum\",\"friendly_name\":\"Sum\",\"pin_type\":\"Output\",\"data_type\":\"Integer\",\"value_type\":\"Normal\"}],\"scores\":{\"privacy\":10,\"security\":9,\"performance\":8,\"governance\":10,\"reliability\":9,\"cost\":10}}")
  ;; failure result: status 1, code "input-type", message, no log lines (51 bytes)
  (data (i32.const 1024) "\01\0a\00\00\00\69\6e\70\75\74\2d\74\79\70\65\1c\00\00\00\61\64\64\5f\77\61\74\20\65\78\70\65\63\74\73\20\74\77\6f\20\49\6e\74\65\67\65\72\73\00\00\00\00")
  ;; failure result: status 1, code "integer-overflow", message, no log lines (63 bytes)
  (data (i32.const 1152) "\01\10\00\00\00\69\6e\74\65\67\65\72\2d\6f\76\65\72\66\6c\6f\77\22\00\00\00\74\68\65\20\73\75\6d\20\64\6f\65\73\20\6e\6f\74\20\66\69\74\20\69\6e\20\61\6e\20\49\6e\74\65\67\65\72\00\00\00\00")
  (data (i32.const 1280) "add_wat: adding two Integers")

  (func (export "floe_abi_version") (result i32) (i32.const 1))

  ;; A bump allocator: each instance lives for one call, so nothing is freed.
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $len)))
    (block $fits
      (br_if $fits (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
      (if (i32.eq (i32.const -1)
                  (memory.grow (i32.add (i32.const 1)
                                        (i32.shr_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
                                                   (i32.const 16)))))
        (then unreachable)))
    (local.get $p))

  ;; The definition: pointer 0, 600 bytes, packed as (ptr << 32) | len.
  (func (export "get_node") (result i64) (i64.const 600))

  ;; Context: u32 abi, u8 list-tag, u32 count, then u8 tag + i64 per input:
  ;; a at offset 10 (tag at 9), b at offset 19 (tag at 18).
  (func (export "run_typed") (param $ptr i32) (param $len i32) (result i64)
    (local $a i64) (local $b i64) (local $sum i64) (local $out i32)
    (call $log (i32.const 0) (i32.const 1280) (i32.const 28))
    (if (i32.or (i32.lt_u (local.get $len) (i32.const 27))
          (i32.or (i32.ne (i32.load offset=5 align=1 (local.get $ptr)) (i32.const 2))
            (i32.or (i32.ne (i32.load8_u offset=9 (local.get $ptr)) (i32.const 2))
                    (i32.ne (i32.load8_u offset=18 (local.get $ptr)) (i32.const 2)))))
      (then (return (i64.or (i64.shl (i64.const 1024) (i64.const 32)) (i64.const 51)))))
    (local.set $a (i64.load offset=10 align=1 (local.get $ptr)))
    (local.set $b (i64.load offset=19 align=1 (local.get $ptr)))
    (local.set $sum (i64.add (local.get $a) (local.get $b)))
    ;; signed overflow: both operands differ in sign from the sum
    (if (i64.lt_s (i64.and (i64.xor (local.get $a) (local.get $sum))
                           (i64.xor (local.get $b) (local.get $sum)))
                  (i64.const 0))
      (then (return (i64.or (i64.shl (i64.const 1152) (i64.const 32)) (i64.const 63)))))
    ;; Result: u8 0 (ok), u16 0xFFFF (no fire), u8 6 (list), u32 1, u8 2 (int), i64 sum, u32 0 (logs)
    (local.set $out (call $alloc (i32.const 21)))
    (i32.store8 (local.get $out) (i32.const 0))
    (i32.store16 offset=1 align=1 (local.get $out) (i32.const 0xFFFF))
    (i32.store8 offset=3 (local.get $out) (i32.const 6))
    (i32.store offset=4 align=1 (local.get $out) (i32.const 1))
    (i32.store8 offset=8 (local.get $out) (i32.const 2))
    (i64.store offset=9 align=1 (local.get $out) (local.get $sum))
    (i32.store offset=17 align=1 (local.get $out) (i32.const 0))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32)) (i64.const 21)))
)
