"""PaymentsPlus end to end with the client openapi-python-client generates: see docs/codegen.md."""
import datetime
import os
import uuid

from paymentsplus_client import Client
from paymentsplus_client.api.files import create_file, create_file_payment, get_file, list_file_payments, send_file
from paymentsplus_client.api.payments import create_immediate_payment, get_payment
from paymentsplus_client.models import (
    CreateFileRequest,
    CreatePaymentRequest,
    FundingAccountRequest,
    ImmediatePaymentRequest,
    ImmediatePaymentRequestCurrency,
    ImmediatePaymentRequestPaymentMethod,
    OskoFundingAccountRequest,
    OskoRecipientAccountRequest,
    OskoRecipientAccountRequestSchemeName,
    Payment,
    PaymentFile,
    PaymentList,
    PaymentMethodCode,
    PaymentStatusCode,
    RecipientAccountRequest,
    RecipientAccountRequestType,
)

# The API key is the HTTP Basic user name with an empty password: httpx's own basic auth, through httpx_args.
pp = Client(base_url=os.environ["PAYMENTSPLUS_URL"], httpx_args={"auth": (os.environ["PAYMENTSPLUS_API_KEY"], "")}, raise_on_unexpected_status=True)


def step(name: str, ok: bool, detail: object) -> None:
    if not ok:
        raise SystemExit(f"STEP {name} failed: {detail!r}")
    print(f"STEP {name} ok", flush=True)


file_id = f"FILE-{uuid.uuid4().hex[:12].upper()}"
payment_id = f"{file_id}-1"
day = datetime.date(2030, 1, 2)

created = create_file.sync(file_id, client=pp, body=CreateFileRequest(file_name=f"{file_id}.csv", payment_date=day))
step("file", isinstance(created, PaymentFile) and created.status_code == "OPEN", created)

payment = create_file_payment.sync(
    file_id,
    payment_id,
    client=pp,
    body=CreatePaymentRequest(
        payment_method=PaymentMethodCode.DIRECT_ENTRY,
        payment_amount=1234567.89,
        payment_date=day,
        funding_account=FundingAccountRequest(bsb_number="032-000", account_number="100001"),
        recipient_account=RecipientAccountRequest(type_=RecipientAccountRequestType.AU_DOMESTIC, account_name="Example Supplies", bsb_number="650-000", account_number="123456789"),
        payee_name="Example Supplies",
        currency="AUD",
        lodgement_reference="INV-10023",
        payment_reference=payment_id,
    ),
)
step("payments", isinstance(payment, Payment) and payment.payment_identifier == payment_id and payment.status_code == PaymentStatusCode.OPEN, payment)

sent = send_file.sync(file_id, client=pp)
step("send", isinstance(sent, PaymentFile) and sent.status_code == "PROCESSING", sent)

file = get_file.sync(file_id, client=pp)
step("file-status", isinstance(file, PaymentFile) and file.status_code not in (None, "OPEN"), file)

read = get_payment.sync(payment_id, client=pp)
step(
    "payment-status",
    isinstance(read, Payment) and read.status_code == PaymentStatusCode.PENDING and read.payment_amount == 1234567.89 and read.recipient_account.account_name == "Example Supplies",
    read,
)

listed = list_file_payments.sync(file_id, client=pp)
step("list", isinstance(listed, PaymentList) and [p.payment_identifier for p in listed.data or []] == [payment_id], listed)

osko = create_immediate_payment.sync(
    f"{file_id}-OSKO",
    client=pp,
    body=ImmediatePaymentRequest(
        payment_method=ImmediatePaymentRequestPaymentMethod.OSKO,
        payment_amount=1.00,
        funding_account=OskoFundingAccountRequest(bsb_number="032-000", account_number="100001", account_name="Account One"),
        recipient_account=OskoRecipientAccountRequest(account_name="Jane Smith", identification="032000000007", scheme_name=OskoRecipientAccountRequestSchemeName.BBAN),
        payee_name="Jane Smith",
        currency=ImmediatePaymentRequestCurrency.AUD,
        lodgement_reference="REFUND-77",
        payment_reference="REFUND-77",
        payment_date=day,
    ),
)
step("osko", isinstance(osko, Payment) and osko.payment_identifier == f"{file_id}-OSKO" and bool(osko.status_code), osko)
