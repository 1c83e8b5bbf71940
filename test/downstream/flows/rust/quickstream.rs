// QuickStream end to end with the client openapi-generator (rust) generates: see docs/codegen.md. Each step prints
// `STEP <name> ok` once it has checked what it got; the first failure exits non-zero.
use std::time::{SystemTime, UNIX_EPOCH};

use quickstream::apis::configuration::Configuration;
use quickstream::apis::{customers_api, single_use_tokens_api, transactions_api, Error};
use quickstream::models;

fn step(name: &str, ok: bool, detail: impl std::fmt::Debug) {
    if !ok {
        println!("STEP {name} failed: {detail:?}");
        std::process::exit(1);
    }
    println!("STEP {name} ok");
}

/// A value no other run uses (customer numbers, Idempotency-Keys).
fn unique() -> String {
    static COUNT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("{nanos}-{}-{}", std::process::id(), COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// A client configuration for one key, as docs/codegen.md's recipe shows: the key is the HTTP Basic user name and
/// the password is empty.
fn configuration(base_url: &str, key: &str) -> Configuration {
    Configuration { base_path: base_url.to_owned(), basic_auth: Some((key.to_owned(), Some(String::new()))), ..Default::default() }
}

/// Whether a transaction's status is the known code `want` (an open list: any string; an unlisted code matches none).
fn is(status: &str, want: models::TransactionStatus) -> bool {
    status == want.to_string()
}

#[tokio::main]
async fn main() {
    let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let business = env("SUPPLIER_BUSINESS_CODE");
    let secret = configuration(&env("QUICKSTREAM_URL"), &env("QUICKSTREAM_SECRET_KEY"));
    let publishable = configuration(&env("QUICKSTREAM_URL"), &env("QUICKSTREAM_PUBLISHABLE_KEY"));

    let mut customer_request = models::CustomerRequest::new(format!("RUST-{}", unique()));
    customer_request.customer_name = Some(Some("Jane Smith".to_owned()));
    let customer = customers_api::create_customer(&secret, customer_request, Some(&unique())).await.expect("create a customer");
    let customer_id = customer.customer_id.clone().flatten().unwrap_or_default();
    step("customer", !customer_id.is_empty(), &customer);

    let card_token = |card_number: &'static str| {
        let (publishable, business) = (&publishable, &business);
        async move {
            let mut card = models::CreditCardSingleUseTokenRequest::new(
                business.clone(),
                models::credit_card_single_use_token_request::AccountType::CreditCard,
                card_number.to_owned(),
                "01".to_owned(),
                "2050".to_owned(),
            );
            card.cardholder_name = Some(Some("Jane Smith".to_owned()));
            card.cvn = Some(Some("123".to_owned()));
            let request = models::SingleUseTokenRequest::CreditCard(Box::new(card));
            match single_use_tokens_api::create_single_use_token(publishable, request, Some(&unique())).await.expect("create a single-use token") {
                models::SingleUseToken::CreditCard(token) => token.single_use_token_id.flatten().expect("a singleUseTokenId"),
                other => panic!("not a card token: {other:?}"),
            }
        }
    };
    let approving_token = card_token("4242424242424242").await;
    step("token", !approving_token.is_empty(), &approving_token);

    let payment = |token: &str, amount: f64| {
        let mut card = models::PaymentTransactionRequest::new(
            models::payment_transaction_request::TransactionType::Payment,
            business.clone(),
            amount,
            "AUD".to_owned(),
        );
        card.single_use_token_id = Some(Some(token.to_owned()));
        card.customer_reference_number = Some(customer.customer_number.clone().flatten());
        card.payment_reference_number = Some(Some("ORDER-1001".to_owned()));
        models::TransactionRequest::Payment(Box::new(card))
    };

    let approved = transactions_api::create_transaction(&secret, payment(&approving_token, 1234567.89), Some(&unique())).await.expect("an approved payment");
    step("approved", is(&approved.status, models::TransactionStatus::APPROVED) && !approved.receipt_number.is_empty(), &approved);

    // Last two digits 96: declined with 51 (Not sufficient funds).
    let declining_token = card_token("4111111111444496").await;
    let declined = transactions_api::create_transaction(&secret, payment(&declining_token, 10.00), Some(&unique())).await.expect("a declined payment");
    step("declined", is(&declined.status, models::TransactionStatus::DECLINED) && declined.response_code.clone().flatten().as_deref() == Some("51"), &declined);

    let read = transactions_api::get_transaction(&secret, &approved.receipt_number).await.expect("read the payment back");
    let principal = read.principal_amount.clone().flatten().expect("a principal amount");
    let amount: f64 = principal.amount.flatten().expect("an amount"); // money is an f64, never an f32
    step(
        "read",
        read.receipt_number == approved.receipt_number && is(&read.status, models::TransactionStatus::APPROVED) && amount == 1234567.89 && principal.currency.flatten().as_deref() == Some("AUD"),
        &read,
    );

    // Sent twice with one Idempotency-Key: the second answer is the first one, and nothing is processed twice.
    let again = payment(&card_token("4242424242424242").await, 10.00);
    let key = unique();
    let first = transactions_api::create_transaction(&secret, again.clone(), Some(&key)).await.expect("the first send");
    let second = transactions_api::create_transaction(&secret, again, Some(&key)).await.expect("the second send");
    step("idempotent", first.receipt_number == second.receipt_number && is(&first.status, models::TransactionStatus::APPROVED), (&first, &second));

    let list = transactions_api::list_transactions(&secret, Some(&business), None, None).await.expect("list transactions");
    let listed = list.data.clone().flatten().unwrap_or_default();
    step("list", listed.iter().any(|t| t.receipt_number == approved.receipt_number), &list);

    // The approved payment's token again: the API refuses a used token with 422 naming the field. The error enum is
    // untagged, so serde keeps its first variant whose model reads the body: every status has the API's error model,
    // so that is `Status400` whatever the status, which is `answer.status`.
    use transactions_api::CreateTransactionError::{Status400, Status422};
    match transactions_api::create_transaction(&secret, payment(&approving_token, 10.00), Some(&unique())).await {
        Err(Error::ResponseError(answer)) => match answer.entity {
            Some(Status400(error) | Status422(error)) => {
                let fields: Vec<String> = error.errors.clone().flatten().unwrap_or_default().into_iter().filter_map(|e| e.field_name.flatten()).collect();
                step("error", answer.status.as_u16() == 422 && fields == ["singleUseTokenId"], &error);
            }
            other => step("error", false, (answer.status, other, answer.content)),
        },
        other => step("error", false, other.map(|t| t.receipt_number)),
    }
}
