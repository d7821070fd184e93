;; A WASI program written by hand in WebAssembly text: it reads its input from
;; stdin, counts the vowels, and writes {"vowels": N, "bytes": M} to stdout.
;; Floe runs it as a node (its pins come from vowels.io.json); it imports only
;; WASI calls and sees nothing but its stdin, stdout and stderr.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0: an iovec {ptr, len}; 16: bytes read or written; 1024: input chunks (4 KiB);
  ;; 8192: the output; 8400: scratch for digits.
  (data (i32.const 9000) "{\"vowels\":")
  (data (i32.const 9016) ",\"bytes\":")
  (data (i32.const 9032) "counted the vowels\n")

  ;; Copies `len` bytes from `src` to `dst`; returns the end of the copy.
  (func $copy (param $dst i32) (param $src i32) (param $len i32) (result i32)
    (memory.copy (local.get $dst) (local.get $src) (local.get $len))
    (i32.add (local.get $dst) (local.get $len)))

  ;; Writes `v` in decimal at `dst`; returns the end.
  (func $itoa (param $dst i32) (param $v i32) (result i32)
    (local $p i32)
    (local.set $p (i32.const 8420))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digits (local.get $v)))
    (call $copy (local.get $dst) (local.get $p) (i32.sub (i32.const 8420) (local.get $p))))

  ;; Writes `len` bytes at `ptr` to file descriptor `fd`.
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16))))

  (func (export "_start")
    (local $n i32) (local $i i32) (local $c i32) (local $vowels i32) (local $bytes i32) (local $end i32)
    (block $eof
      (loop $chunks
        (i32.store (i32.const 0) (i32.const 1024))
        (i32.store (i32.const 4) (i32.const 4096))
        (br_if $eof (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
        (local.set $n (i32.load (i32.const 16)))
        (br_if $eof (i32.eqz (local.get $n)))
        (local.set $bytes (i32.add (local.get $bytes) (local.get $n)))
        (local.set $i (i32.const 0))
        (loop $scan
          ;; lower-case the byte, then look for a, e, i, o, u
          (local.set $c (i32.or (i32.load8_u (i32.add (i32.const 1024) (local.get $i))) (i32.const 32)))
          (if (i32.or (i32.or (i32.eq (local.get $c) (i32.const 97)) (i32.eq (local.get $c) (i32.const 101)))
                      (i32.or (i32.or (i32.eq (local.get $c) (i32.const 105)) (i32.eq (local.get $c) (i32.const 111)))
                              (i32.eq (local.get $c) (i32.const 117))))
            (then (local.set $vowels (i32.add (local.get $vowels) (i32.const 1)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $scan (i32.lt_u (local.get $i) (local.get $n))))
        (br $chunks)))
    (local.set $end (call $copy (i32.const 8192) (i32.const 9000) (i32.const 10)))
    (local.set $end (call $itoa (local.get $end) (local.get $vowels)))
    (local.set $end (call $copy (local.get $end) (i32.const 9016) (i32.const 9)))
    (local.set $end (call $itoa (local.get $end) (local.get $bytes)))
    (i32.store8 (local.get $end) (i32.const 125))
    (call $write (i32.const 1) (i32.const 8192) (i32.sub (i32.add (local.get $end) (i32.const 1)) (i32.const 8192)))
    (call $write (i32.const 2) (i32.const 9032) (i32.const 19))))
