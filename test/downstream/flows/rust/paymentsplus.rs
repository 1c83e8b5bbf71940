// PaymentsPlus end to end with the client openapi-generator (rust) generates: see docs/codegen.md. Each step prints
// `STEP <name> ok` once it has checked what it got; the first failure exits non-zero.
use std::time::{SystemTime, UNIX_EPOCH};

use paymentsplus::apis::configuration::Configuration;
use paymentsplus::apis::{files_api, payments_api};
use paymentsplus::models;

fn step(name: &str, ok: bool, detail: impl std::fmt::Debug) {
    if !ok {
        println!("STEP {name} failed: {detail:?}");
        std::process::exit(1);
    }
    println!("STEP {name} ok");
}

/// A client configuration for one key, as docs/codegen.md's recipe shows: the key is the HTTP Basic user name and
/// the password is empty.
fn configuration(base_url: &str, key: &str) -> Configuration {
    Configuration { base_path: base_url.to_owned(), basic_auth: Some((key.to_owned(), Some(String::new()))), ..Default::default() }
}

/// A code of an open list (`statusCode`): any string, "" when absent.
fn code(value: &Option<Option<String>>) -> String {
    value.clone().flatten().unwrap_or_default()
}

/// Whether a payment's status is the known code `want` (an unlisted code matches none).
fn is(payment: &models::Payment, want: models::PaymentStatusCode) -> bool {
    code(&payment.status_code) == want.to_string()
}

#[tokio::main]
async fn main() {
    let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let api = configuration(&env("PAYMENTSPLUS_URL"), &env("PAYMENTSPLUS_API_KEY"));
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    let file_id = format!("RUST-{:X}", nanos % 0xFFFF_FFFF_FFFF);
    let payment_id = format!("{file_id}-1");
    let day = chrono::NaiveDate::from_ymd_opt(2030, 1, 2).unwrap();

    let mut file_request = models::CreateFileRequest::new();
    file_request.file_name = Some(Some(format!("{file_id}.csv")));
    file_request.payment_date = Some(Some(day));
    let created = files_api::create_file(&api, &file_id, file_request).await.expect("create a file");
    step("file", code(&created.status_code) == "OPEN", &created);

    let mut domestic = models::RecipientAccountRequest::new(models::recipient_account_request::Type::AuDomestic);
    domestic.account_name = Some("Example Supplies".to_owned());
    domestic.bsb_number = Some("650-000".to_owned());
    domestic.account_number = Some(Some("123456789".to_owned()));
    let recipient = models::CreatePaymentRequestRecipientAccount::RecipientAccountRequest(Box::new(domestic));
    let mut payment_request = models::CreatePaymentRequest::new(
        models::PaymentMethodCode::DIRECT_ENTRY,
        1234567.89,
        day,
        recipient,
        "Example Supplies".to_owned(),
        "AUD".to_owned(),
        "INV-10023".to_owned(),
        payment_id.clone(),
    );
    payment_request.funding_account = Some(Some(Box::new(models::FundingAccountRequest::new("032-000".to_owned(), "100001".to_owned()))));
    let added = files_api::create_file_payment(&api, &file_id, &payment_id, payment_request).await.expect("add a payment");
    step("payments", code(&added.payment_identifier) == payment_id && is(&added, models::PaymentStatusCode::OPEN), &added);

    let sent = files_api::send_file(&api, &file_id).await.expect("send the file");
    step("send", code(&sent.status_code) == "PROCESSING", &sent);

    let file = files_api::get_file(&api, &file_id).await.expect("read the file");
    step("file-status", !code(&file.status_code).is_empty() && code(&file.status_code) != "OPEN", &file);

    let read = payments_api::get_payment(&api, &payment_id).await.expect("read the payment");
    let paid: f64 = read.payment_amount.flatten().unwrap_or_default(); // money is an f64, never an f32
    step("payment-status", is(&read, models::PaymentStatusCode::PENDING) && paid == 1234567.89, &read);

    let listed = files_api::list_file_payments(&api, &file_id).await.expect("list the file's payments");
    let payments = listed.data.clone().flatten().unwrap_or_default();
    step("list", payments.len() == 1 && code(&payments[0].payment_identifier) == payment_id, &listed);

    let osko_id = format!("{file_id}-OSKO");
    let immediate = models::ImmediatePaymentRequest::new(
        models::immediate_payment_request::PaymentMethod::OSKO,
        1.00,
        models::OskoFundingAccountRequest::new("032-000".to_owned(), "100001".to_owned(), "Account One".to_owned()),
        models::OskoRecipientAccountRequest::new("Jane Smith".to_owned(), "032000000007".to_owned(), models::osko_recipient_account_request::SchemeName::BBAN),
        "Jane Smith".to_owned(),
        models::immediate_payment_request::Currency::AUD,
        "REFUND-77".to_owned(),
        "REFUND-77".to_owned(),
        day,
    );
    let osko = payments_api::create_immediate_payment(&api, &osko_id, immediate).await.expect("an immediate Osko payment");
    step("osko", code(&osko.payment_identifier) == osko_id && is(&osko, models::PaymentStatusCode::OPEN), &osko);
}
