//! Use cases for clients: list, open, create, edit.

use sb_domain::{optional, required, ClientCode, ContactDraft, Limits};
use sb_store::{Client, ClientWrite};

use crate::dto::*;
use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};
use sb_i18n::msg;

const CLIENT_PAGE: i64 = 50;

impl App {
    pub async fn clients(&self, q: ClientQuery) -> ApiResult<ClientPage> {
        let limit = q.limit.unwrap_or(CLIENT_PAGE).clamp(1, 200);
        let after = q.cursor.as_deref().map(decode_client_cursor).transpose()?;
        let mut rows = self
            .store
            .client_page(
                q.search.as_deref(),
                after.as_ref().map(|(n, i)| (n.as_str(), *i)),
                limit + 1,
            )
            .await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = more
            .then(|| rows.last().map(|r| encode_client_cursor(&r.name, r.id)))
            .flatten();
        Ok(ClientPage {
            rows: rows
                .into_iter()
                .map(|r| ClientSummaryDto {
                    id: r.id,
                    code: r.code,
                    name: r.name,
                    contact_count: r.contact_count,
                    active_tickets: r.active_tickets,
                })
                .collect(),
            next_cursor,
        })
    }

    pub async fn client(&self, id: i64) -> ApiResult<ClientDto> {
        let c = self.store.client(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("client-no-id", id = id.to_string()),
            )
        })?;
        Ok(client_dto(c))
    }

    /// Finds a client by its short code (`ACME`) or numeric id: what people type in the CLI.
    pub async fn client_by_ref(&self, reference: &str) -> ApiResult<ClientDto> {
        if let Ok(id) = reference.trim().parse::<i64>() {
            return self.client(id).await;
        }
        let code = ClientCode::parse(reference)?;
        match self.store.client_id_by_code(code.as_str()).await? {
            Some(id) => self.client(id).await,
            None => Err(ApiError::said(
                ErrorCode::NotFound,
                msg!("client-no-code", code = code.as_str()),
            )),
        }
    }

    pub async fn create_client(&self, input: ClientInput) -> ApiResult<ClientDto> {
        self.actor()?;
        let write = check_client(&input)?;
        let id = self
            .store
            .create_client(&write, now_ms())
            .await
            .map_err(|e| code_taken(e, &write.code))?;
        self.client(id).await
    }

    pub async fn update_client(&self, id: i64, input: ClientInput) -> ApiResult<ClientDto> {
        self.actor()?;
        let write = check_client(&input)?;
        self.store
            .update_client(id, &write, now_ms())
            .await
            .map_err(|e| code_taken(e, &write.code))?;
        self.client(id).await
    }
}

fn check_client(input: &ClientInput) -> ApiResult<ClientWrite> {
    let code = ClientCode::parse(&input.code)?;
    let name = required("name", &input.name, Limits::NAME)?;
    let notes = optional("notes", input.notes.as_deref(), Limits::LONG_TEXT)?;
    let contacts = input
        .contacts
        .iter()
        // A blank row in the form is no contact at all.
        .filter(|c| {
            !(c.name.trim().is_empty()
                && c.email.as_deref().unwrap_or("").trim().is_empty()
                && c.phone.as_deref().unwrap_or("").trim().is_empty())
        })
        .map(|c| {
            ContactDraft {
                name: c.name.clone(),
                email: c.email.clone(),
                phone: c.phone.clone(),
            }
            .check()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ClientWrite {
        code: code.as_str().to_string(),
        name,
        notes,
        contacts,
        language: input.language,
    })
}

fn code_taken(e: sb_store::StoreError, code: &str) -> ApiError {
    if e.is_unique_violation() {
        ApiError {
            field: Some("code".into()),
            ..ApiError::said(ErrorCode::Conflict, msg!("client-code-taken", code = code))
        }
    } else {
        e.into()
    }
}

fn client_dto(c: Client) -> ClientDto {
    ClientDto {
        id: c.id,
        code: c.code,
        name: c.name,
        notes: c.notes,
        contacts: c
            .contacts
            .into_iter()
            .map(|k| ContactDto {
                id: k.id,
                name: k.name,
                email: k.email,
                phone: k.phone,
            })
            .collect(),
        language: c.language,
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

fn encode_client_cursor(name: &str, id: i64) -> String {
    serde_json::to_string(&(name, id)).expect("cursor serializes")
}

fn decode_client_cursor(text: &str) -> ApiResult<(String, i64)> {
    serde_json::from_str(text)
        .map_err(|_| ApiError::invalid_said("cursor", msg!("clients-cursor-invalid")))
}
