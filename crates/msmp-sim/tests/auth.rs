//! Handshake authentication against the real binary: every 401, the subprotocol echo,
//! the Bearer path.

mod common;
use common::{Sim, SECRET};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Error;

const ORIGINS: &str = "http://localhost:8080,http://127.0.0.1:8080";

async fn refused(sim: &Sim, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut req = sim.request();
    for (k, v) in headers {
        let name =
            tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(k.as_bytes()).unwrap();
        req.headers_mut()
            .insert(name, HeaderValue::from_str(v).unwrap());
    }
    let tcp = TcpStream::connect(("127.0.0.1", sim.port)).await.unwrap();
    match tokio_tungstenite::client_async(req, tcp).await {
        Err(Error::Http(resp)) => {
            let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
            let body = String::from_utf8(resp.body().clone().unwrap_or_default()).unwrap();
            (resp.status().as_u16(), ct, body)
        }
        Err(e) => panic!("expected an HTTP refusal, got {e}"),
        Ok(_) => panic!("expected a refusal for {headers:?}"),
    }
}

fn body(message: &str) -> serde_json::Value {
    serde_json::json!({"error": "Unauthorized", "message": message})
}

#[tokio::test]
async fn every_refusal_is_a_json_401() {
    let sim = Sim::start(&["--allowed-origins", ORIGINS]).await;
    let proto = format!("minecraft-v1,{SECRET}");
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![], "Missing API key"),
        (vec![("Authorization", "Basic abc")], "Missing API key"),
        (
            vec![("Authorization", "Bearer wrongwrongwrong")],
            "Invalid API key",
        ),
        (
            vec![("Sec-WebSocket-Protocol", "minecraft-v1,wrong")],
            "Origin Not Allowed",
        ),
        (
            vec![
                ("Sec-WebSocket-Protocol", "minecraft-v1,wrong"),
                ("Origin", "http://localhost:8080"),
            ],
            "Invalid API key",
        ),
        (
            vec![
                ("Sec-WebSocket-Protocol", &proto),
                ("Origin", "http://localhost:9999"),
            ],
            "Origin Not Allowed",
        ),
        // Exact match: a trailing slash is a different origin.
        (
            vec![
                ("Sec-WebSocket-Protocol", &proto),
                ("Origin", "http://localhost:8080/"),
            ],
            "Origin Not Allowed",
        ),
    ];
    for (headers, message) in cases {
        let (status, ct, text) = refused(&sim, &headers).await;
        assert_eq!(status, 401, "{headers:?}");
        assert_eq!(ct, "application/json");
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON body");
        assert_eq!(v, body(message), "{headers:?}");
    }
}

#[tokio::test]
async fn no_allowed_origins_means_no_browser() {
    let sim = Sim::start(&[]).await;
    let proto = format!("minecraft-v1,{SECRET}");
    let (status, _, text) = refused(
        &sim,
        &[
            ("Sec-WebSocket-Protocol", &proto),
            ("Origin", "http://localhost:8080"),
        ],
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        body("Origin Not Allowed")
    );
}

#[tokio::test]
async fn subprotocol_path_echoes_minecraft_v1_and_bearer_skips_origin() {
    let sim = Sim::start(&["--allowed-origins", ORIGINS]).await;
    // Browser style: the secret as the second offered subprotocol.
    let mut req = sim.request();
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(&format!("minecraft-v1, {SECRET}")).unwrap(),
    );
    req.headers_mut()
        .insert("Origin", HeaderValue::from_static("http://127.0.0.1:8080"));
    let tcp = TcpStream::connect(("127.0.0.1", sim.port)).await.unwrap();
    let (ws, resp) = tokio_tungstenite::client_async(req, tcp)
        .await
        .expect("accepted");
    assert_eq!(resp.status().as_u16(), 101);
    assert_eq!(resp.headers()["sec-websocket-protocol"], "minecraft-v1");
    let mut c = common::Client::new(ws);
    assert_eq!(c.call("server/status", None).await["started"], true);

    // Bearer with an origin that is not allowed: no origin check on this path.
    let mut req = sim.bearer_request();
    req.headers_mut()
        .insert("Origin", HeaderValue::from_static("http://evil.example"));
    let tcp = TcpStream::connect(("127.0.0.1", sim.port)).await.unwrap();
    let (ws, resp) = tokio_tungstenite::client_async(req, tcp)
        .await
        .expect("accepted");
    assert!(resp.headers().get("sec-websocket-protocol").is_none());
    let mut c = common::Client::new(ws);
    assert!(c.call("players", None).await.is_array());
}

#[tokio::test]
async fn a_1_0_0_server_refuses_browsers_as_having_no_key_and_takes_bearer() {
    // Minecraft 1.21.9 and 1.21.10: browser authentication came with 25w42a (1.1.0).
    let sim = Sim::start(&["--protocol", "1.0.0", "--allowed-origins", ORIGINS]).await;
    let proto = format!("minecraft-v1,{SECRET}");
    let (status, ct, text) = refused(
        &sim,
        &[
            ("Sec-WebSocket-Protocol", &proto),
            ("Origin", "http://127.0.0.1:8080"),
        ],
    )
    .await;
    assert_eq!((status, ct.as_str()), (401, "application/json"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        body("Missing API key")
    );
    let mut c = sim.connect().await;
    assert_eq!(c.call("server/status", None).await["started"], true);
}
