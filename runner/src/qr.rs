//! QR codes of links (a short link on a projector, for phones), drawn by
//! `qrcodegen` in the worker as an SVG image's `data:` URL, so the page
//! carries neither an encoder nor the drawing code (an `<img>` shows it).

/// `text`'s QR code (medium error correction) as a `data:image/svg+xml`
/// URL — dark squares on white inside a quiet zone of four — or why there
/// is none.
pub fn encode(text: &str) -> Result<String, String> {
    let code = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium)
        .map_err(|_| format!("a QR code holds at most about 2,300 characters; this text has {}", text.len()))?;
    let (size, side) = (code.size(), code.size() + 8);
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Ok(format!(
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {side} {side}' shape-rendering='crispEdges'%3E\
         %3Crect width='{side}' height='{side}' fill='white'/%3E%3Cpath d='{path}' fill='black'/%3E%3C/svg%3E"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_link_makes_a_small_code_and_a_long_text_none() {
        let link = "http://192.168.1.20:8080/#s=AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
        let url = encode(link).unwrap();
        assert!(url.starts_with("data:image/svg+xml,"));
        assert!(!url.contains(['<', '>', '#', '"']), "nothing a data: URL must escape: {url}");
        let side: usize = url.split("viewBox='0 0 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        assert!((29..=53).contains(&side), "{side}");
        // The three finder patterns alone are 3 × 33 dark squares.
        assert!(url.matches('M').count() > 99, "{url}");
        let err = encode(&"x".repeat(5000)).unwrap_err();
        assert!(err.contains("5000"), "{err}");
    }
}
