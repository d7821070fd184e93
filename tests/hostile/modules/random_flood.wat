;; A WASI program that calls random_get for 64 MiB again and again: each
;; call did 9 s of work for about 5 fuel.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))
  (memory (export "memory") 1025)
  (func (export "_start") (loop $l (drop (call $r (i32.const 0) (i32.const 67108864))) (br $l))))
