//! [`http_fetch`]: an HTTP request from a node, through the host
//! (`floe.http_fetch`; node-sdk/ABI.md, "HTTP"). The node declares the
//! origins in [`crate::Definition::http`] and the secrets in
//! [`crate::Definition::secrets`]; the user grants them; the host checks
//! every hop and fills in `{{secret:NAME}}` (the node never sees a value).

#[allow(unused_imports)]
use crate::prelude::*;

/// Sends `request` (JSON: `{"method", "url", "headers", "body"}`) and
/// returns the host's answer (JSON: `{"status", "headers", "url", "body"}`,
/// or `{"error": {"code", "message"}}`). The call waits without using
/// fuel. Natively (unit tests) the answer is the error `http-unsupported`.
pub fn http_fetch(request: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        wasm::fetch(request)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = request;
        String::from(r#"{"error": {"code": "http-unsupported", "message": "HTTP runs only inside Floe"}}"#)
    }
}

#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)]
mod wasm {
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[link(wasm_import_module = "floe")]
    unsafe extern "C" {
        #[link_name = "http_fetch"]
        fn floe_http_fetch(ptr: i32, len: i32) -> i32;
        #[link_name = "http_read"]
        fn floe_http_read(ptr: i32);
    }

    pub fn fetch(request: &str) -> String {
        // SAFETY: the host reads `len` bytes at `ptr` during the call.
        let len = unsafe { floe_http_fetch(request.as_ptr() as i32, request.len() as i32) };
        let mut answer = vec![0u8; len.max(0) as usize];
        // SAFETY: the host writes exactly the answer's length, which `answer` holds.
        unsafe { floe_http_read(answer.as_mut_ptr() as i32) };
        String::from_utf8(answer).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn natively_the_answer_is_an_error() {
        assert!(super::http_fetch(r#"{"url": "https://x.org"}"#).contains("http-unsupported"));
    }
}
