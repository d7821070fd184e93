//! One home for the node schema: every built-in node's definition, written
//! by the node SDK's guest-side writer (what a custom node's `get_node`
//! returns), reads back as the same definition: names, pins (defaults,
//! schemas, type parameters, optional), scores, settings and type parameters.

use floe_engine::catalog::with_implicit_pins;
use floe_engine::{Catalog, NodeDef};
use floe_node_sdk::{Definition, Http, Pin, Setting};

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn leak_all<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

/// `def` as a node author would write it with the SDK.
fn as_guest(def: &NodeDef) -> Definition {
    Definition {
        name: leak(&def.name),
        friendly_name: leak(&def.friendly_name),
        description: leak(&def.description),
        category: leak(&def.category),
        icon: leak(&def.icon),
        pins: leak_all(
            def.pins
                .iter()
                .map(|p| Pin {
                    name: leak(&p.name),
                    friendly_name: leak(&p.friendly_name),
                    description: leak(&p.description),
                    direction: p.pin_type,
                    data_type: p.data_type,
                    value_type: p.value_type,
                    default_json: p.default.as_ref().map(|d| leak(&d.to_string())),
                    schema_json: p.schema.as_ref().map(|s| leak(&s.to_string())),
                    optional: p.optional,
                    type_param: p.type_param.as_deref().map(leak),
                })
                .collect(),
        ),
        scores: def.scores,
        config: leak_all(
            def.config
                .iter()
                .map(|c| Setting {
                    name: leak(&c.name),
                    friendly_name: leak(&c.friendly_name),
                    description: leak(&c.description),
                    data_type: c.data_type,
                    value_type: c.value_type,
                    default_json: leak(&c.default.as_ref().expect("built-in settings have defaults").to_string()),
                    options: leak_all(c.options.iter().map(|o| leak(o)).collect()),
                })
                .collect(),
        ),
        type_params: leak_all(def.type_params.iter().map(|(k, v)| (leak(k), leak_all(v.clone()))).collect()),
        http: leak_all(
            def.capabilities
                .http
                .iter()
                .map(|c| Http {
                    origin: leak(&c.origin),
                    methods: leak_all(c.methods.iter().map(|m| leak(m)).collect()),
                })
                .collect(),
        ),
        secrets: leak_all(def.capabilities.secrets.iter().map(|s| leak(s)).collect()),
    }
}

#[test]
fn every_builtin_definition_round_trips_through_the_sdk_json_shape() {
    let catalog = Catalog::builtin();
    let mut checked = 0;
    for def in catalog.defs() {
        // With the error pins every node has (the `error` pin carries a schema).
        let def = &NodeDef { pins: with_implicit_pins(&def.pins), ..def.clone() };
        let json = as_guest(def).to_json();
        let back: NodeDef = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}\n{json}", def.name));
        assert_eq!(&back, def, "{} changed on the way through {json}", def.name);
        // And the host's own serialisation reads back the same.
        let again: NodeDef = serde_json::from_value(serde_json::to_value(def).unwrap()).unwrap();
        assert_eq!(&again, def);
        checked += 1;
    }
    assert_eq!(checked, catalog.len());
    // Capabilities (no built-in declares them in its definition: HTTP
    // Request's come from its settings), written by the guest as a custom node would.
    let mut def = catalog.get("math.add").unwrap().def().clone();
    def.capabilities = floe_engine::Capabilities {
        http: vec![
            floe_engine::HttpCapability {
                origin: "https://api.example.com".into(),
                methods: vec!["GET".into(), "POST".into()],
            },
            floe_engine::HttpCapability { origin: "http://127.0.0.1:8787".into(), methods: vec!["GET".into()] },
        ],
        secrets: vec!["API_TOKEN".into()],
    };
    let json = as_guest(&def).to_json();
    assert_eq!(serde_json::from_str::<NodeDef>(&json).unwrap(), def, "{json}");
    assert!(catalog.defs().any(|d| !d.type_params.is_empty()), "type parameters are covered");
    assert!(catalog.defs().any(|d| d.config.iter().any(|c| !c.options.is_empty())), "setting options are covered");
}
