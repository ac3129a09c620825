//! A case's documents served to the browser for reading: a PDF inline, anything else as a
//! download, sandboxed either way so a hostile file can run nothing; each download audited.

use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{HttpRequest, HttpResponse, web};

use super::{PageError, blocking, claims_of, signed_in};
use crate::app::AppState;
use crate::domain::reference::CaseReference;
use crate::workflows::documents::download_document;

/// Serves a case's document to any reader (audited): a PDF to read in the browser, anything
/// else as a download, sandboxed either way so a hostile file can run nothing.
pub async fn document(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (reference, document_id) = path.into_inner();
    let reference = CaseReference::parse(&reference).map_err(|e| PageError::NotFound(e.to_string()))?;
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let (row, bytes) = blocking(&state, move |conn| {
        let now = state2.clock.now();
        let me = signed_in(conn, &state2, claims, now)?;
        Ok(download_document(conn, state2.storage.blobs.as_ref(), now, &me.actor, &reference, &document_id)?)
    })
    .await?;
    let pdf = row.content_type == "application/pdf";
    Ok(HttpResponse::Ok()
        .content_type(if pdf { "application/pdf" } else { "application/octet-stream" })
        .insert_header(disposition(&row.filename, pdf))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'"))
        .body(bytes))
}

/// `inline` or `attachment` with the name twice: a plain ASCII one any client reads, and the
/// exact one percent-encoded (RFC 6266), so no quote or line break reaches the header raw.
fn disposition(name: &str, inline: bool) -> ContentDisposition {
    let plain: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "._- ()".contains(c) { c } else { '_' })
        .collect();
    ContentDisposition {
        disposition: if inline { DispositionType::Inline } else { DispositionType::Attachment },
        parameters: vec![
            DispositionParam::Filename(plain),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.as_bytes().to_vec(),
            }),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_name_reaches_the_header_plain() {
        let header = disposition("a\"b\r\nc<script>.pdf", true).to_string();
        assert!(header.starts_with("inline; filename=\"a_b__c_script_.pdf\"; filename*=UTF-8''"), "{header}");
        assert!(
            !header.contains('\n') && !header.contains('<') && header.matches('"').count() == 2,
            "{header}"
        );
        assert!(disposition("x.csv", false).to_string().starts_with("attachment;"));
    }
}
