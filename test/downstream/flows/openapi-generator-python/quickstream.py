"""QuickStream end to end with the client openapi-generator (python) generates: see docs/codegen.md."""
import os
import uuid

import quickstream_oag as qs
from quickstream_oag.exceptions import UnprocessableEntityException


def client(key: str) -> qs.ApiClient:
    # The API key is the HTTP Basic user name; the password is empty.
    return qs.ApiClient(qs.Configuration(host=os.environ["QUICKSTREAM_URL"], username=key, password=""))


secret = client(os.environ["QUICKSTREAM_SECRET_KEY"])
publishable = client(os.environ["QUICKSTREAM_PUBLISHABLE_KEY"])
business = os.environ["SUPPLIER_BUSINESS_CODE"]
transactions = qs.TransactionsApi(secret)


def step(name: str, ok: bool, detail: object) -> None:
    if not ok:
        raise SystemExit(f"STEP {name} failed: {detail!r}")
    print(f"STEP {name} ok", flush=True)


customer = qs.CustomersApi(secret).create_customer(qs.CustomerRequest(customer_number=f"FLOW-{uuid.uuid4()}", customer_name="Jane Smith"))
step("customer", bool(customer.customer_id), customer)


def card_token(card_number: str) -> str:
    request = qs.CreditCardSingleUseTokenRequest(
        supplier_business_code=business,
        account_type="CREDIT_CARD",
        cardholder_name="Jane Smith",
        card_number=card_number,
        expiry_date_month="01",
        expiry_date_year="2050",
        cvn="123",
    )
    token = qs.SingleUseTokensApi(publishable).create_single_use_token(qs.SingleUseTokenRequest(request))
    return token.actual_instance.single_use_token_id


approving_token = card_token("4242424242424242")
step("token", bool(approving_token), approving_token)


def payment(token: str, amount: float = 10.00) -> qs.TransactionRequest:
    return qs.TransactionRequest(
        qs.PaymentTransactionRequest(
            transaction_type="PAYMENT",
            single_use_token_id=token,
            supplier_business_code=business,
            principal_amount=amount,
            currency="AUD",
            customer_reference_number=customer.customer_number,
            payment_reference_number="ORDER-1001",
        )
    )


approved = transactions.create_transaction(payment(approving_token, 1234567.89), idempotency_key=str(uuid.uuid4()))
step("approved", approved.status == qs.TransactionStatus.APPROVED and bool(approved.receipt_number), approved)

declined = transactions.create_transaction(payment(card_token("4111111111444496")), idempotency_key=str(uuid.uuid4()))
step("declined", declined.status == qs.TransactionStatus.DECLINED and declined.response_code == "51", declined)

read = transactions.get_transaction(approved.receipt_number)
step(
    "read",
    read.receipt_number == approved.receipt_number and read.status == qs.TransactionStatus.APPROVED and read.principal_amount.amount == 1234567.89 and read.principal_amount.currency == "AUD",
    read,
)

key = str(uuid.uuid4())
again = payment(card_token("4242424242424242"))
first = transactions.create_transaction(again, idempotency_key=key)
second = transactions.create_transaction(again, idempotency_key=key)
step("idempotent", first.receipt_number == second.receipt_number and first.status == qs.TransactionStatus.APPROVED, (first, second))

listed = transactions.list_transactions()
step("list", approved.receipt_number in [t.receipt_number for t in listed.data or []], listed)

# The approving token was used by the approved payment: the API refuses it again with 422 naming the field.
try:
    transactions.create_transaction(payment(approving_token), idempotency_key=str(uuid.uuid4()))
    step("error", False, "a used single-use token was accepted")
except UnprocessableEntityException as error:
    fields = [e.field_name for e in error.data.errors or []]
    step("error", error.status == 422 and fields == ["singleUseTokenId"], error.data)
