//! serde helpers shared by the JSON formats.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// An id that senders write as text or as a whole number (`"120211"` or `120211`).
pub(crate) fn id_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct IdVisitor;

    impl Visitor<'_> for IdVisitor {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an id, as text or a whole number")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Some(text.to_owned()))
        }

        fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
            Ok(Some(number.to_string()))
        }

        fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
            Ok(Some(number.to_string()))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    d.deserialize_any(IdVisitor)
}

/// A JSON object of extra answers, kept in the order it was written (a form's order).
/// Values are text, numbers, `true`/`false` or lists of those (joined with ", "); `null`
/// is no answer.
#[derive(Debug, Default)]
pub(crate) struct OrderedFields(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for OrderedFields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;

        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = OrderedFields;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of custom fields")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, Value>()? {
                    if let Some(text) = field_text(&value) {
                        fields.push((name, text));
                    } else if !value.is_null() {
                        return Err(de::Error::custom(format!(
                            "custom field {name:?} must be text, a number, true/false or a list of those"
                        )));
                    }
                }
                Ok(OrderedFields(fields))
            }
        }

        d.deserialize_map(FieldsVisitor)
    }
}

fn field_text(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(scalar_text)
            .collect::<Option<Vec<_>>>()
            .map(|texts| texts.join(", ")),
        other => scalar_text(other),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "id_text")]
        id: Option<String>,
        #[serde(default)]
        fields: OrderedFields,
    }

    #[test]
    fn fields_keep_their_written_order_and_become_text() {
        let holder: Holder = serde_json::from_str(
            r#"{"fields": {"zeta": "last letter", "alpha": 3, "mid": [true, "x", 2.5], "none": null}}"#,
        )
        .unwrap();
        assert_eq!(
            holder.fields.0,
            vec![
                ("zeta".into(), "last letter".into()),
                ("alpha".into(), "3".into()),
                ("mid".into(), "true, x, 2.5".into()),
            ]
        );
    }

    #[test]
    fn nested_fields_are_refused_by_name() {
        let err = serde_json::from_str::<Holder>(r#"{"fields": {"deep": {"a": 1}}}"#)
            .err()
            .unwrap();
        assert!(err.to_string().contains("\"deep\""), "{err}");
    }

    #[test]
    fn ids_may_be_text_or_numbers() {
        for (json, id) in [
            (r#"{"id": "l:42"}"#, Some("l:42")),
            (r#"{"id": 42}"#, Some("42")),
            (r#"{"id": null}"#, None),
            (r#"{}"#, None),
        ] {
            let holder: Holder = serde_json::from_str(json).unwrap();
            assert_eq!(holder.id.as_deref(), id, "{json}");
        }
        assert!(serde_json::from_str::<Holder>(r#"{"id": 4.2}"#).is_err());
    }
}
