;; A Floe node written by hand in WebAssembly text that calls an HTTP API
;; through the host (node-sdk/ABI.md, "HTTP"): no compiler, no SDK.
;;
;; Its definition declares the one origin and method it may use and the one
;; secret its request may carry; the user still has to grant both. The
;; request asks for `{{secret:DEMO_TOKEN}}` in a header: the host fills it
;; in on the way out, and what comes back holds the placeholder again, so
;; the node (and its log, and its output) never sees the value.
;;
;; `floe.http_fetch` pauses the call until the answer is there (no fuel runs
;; meanwhile) and returns its length; `floe.http_read` copies it.
;;
;; Memory layout: the definition JSON at 0, the request at 2048, the
;; result's prefix at 2560 and suffix at 2600, a bump heap from 4096. The
;; texts end where memory is still zero, so their lengths are counted at
;; run time and the origin can be edited without recounting.
(module
  (import "floe" "log" (func $log (param i32 i32 i32)))
  (import "floe" "http_fetch" (func $fetch (param i32 i32) (result i32)))
  (import "floe" "http_read" (func $read (param i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))

  (data (i32.const 0) "{\"name\":\"http_echo_wat\",\"friendly_name\":\"Echo over HTTP (WAT)\",\"description\":\"Asks the local test API to echo its request, with a secret in a header, and outputs the answer. Written by hand in WebAssembly text against floe.http_fetch.\",\"category\":\"Custom/Network\",\"icon\":\"globe\",\"pins\":[{\"name\":\"answer\",\"friendly_name\":\"Answer\",\"pin_type\":\"Output\",\"data_type\":\"Struct\",\"value_type\":\"Normal\"}],\"scores\":{\"privacy\":8,\"security\":8,\"performance\":8,\"governance\":9,\"reliability\":8,\"cost\":10},\"capabilities\":{\"http\":[{\"origin\":\"http://127.0.0.1:8787\",\"methods\":[\"GET\"]}],\"secrets\":[\"DEMO_TOKEN\"]}}")
  (data (i32.const 2048) "{\"url\":\"http://127.0.0.1:8787/echo\",\"headers\":[[\"authorization\",\"Bearer {{secret:DEMO_TOKEN}}\"]]}")
  (data (i32.const 2560) "{\"outputs\":{\"answer\":")
  (data (i32.const 2600) "}}")

  (func (export "floe_abi_version") (result i32) (i32.const 1))

  ;; A bump allocator that grows memory as needed (nothing is freed: an
  ;; instance lives for one call).
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
        (then (unreachable))))
    (local.get $p))

  ;; The length of the text at $p (up to its first zero byte).
  (func $strlen (param $p i32) (result i32)
    (local $i i32)
    (block $end
      (loop $next
        (br_if $end (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  (func (export "get_node") (result i64)
    (i64.extend_i32_u (call $strlen (i32.const 0))))

  ;; The JSON entry point: the context is ignored; the result is
  ;; {"outputs":{"answer": <the host's answer JSON>}}.
  (func (export "run") (param $ctx i32) (param $ctx_len i32) (result i64)
    (local $n i32) (local $out i32)
    (local.set $n (call $fetch (i32.const 2048) (call $strlen (i32.const 2048))))
    (local.set $out (call $alloc (i32.add (local.get $n) (i32.const 23))))
    (memory.copy (local.get $out) (i32.const 2560) (i32.const 21))
    (call $read (i32.add (local.get $out) (i32.const 21)))
    (memory.copy (i32.add (i32.add (local.get $out) (i32.const 21)) (local.get $n)) (i32.const 2600) (i32.const 2))
    ;; The answer as a log line too (level 1, info): it shows placeholders only.
    (call $log (i32.const 1) (i32.add (local.get $out) (i32.const 21)) (local.get $n))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
            (i64.extend_i32_u (i32.add (local.get $n) (i32.const 23)))))
)
