;; A WASI program that writes 8 million empty iovecs to stdout in one call
;; (196 MB of host memory per call), then exits with fd_write's result.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $exit (call $w (i32.const 1) (i32.const 0) (i32.const 8000000) (i32.const 64)))))
