package example;

import java.time.LocalDate;
import java.util.UUID;
import org.openapitools.client.ApiClient;
import org.openapitools.client.api.FilesApi;
import org.openapitools.client.api.PaymentsApi;
import org.openapitools.client.auth.HttpBasicAuth;
import org.openapitools.client.model.CreateFileRequest;
import org.openapitools.client.model.CreatePaymentRequest;
import org.openapitools.client.model.CreatePaymentRequestRecipientAccount;
import org.openapitools.client.model.FundingAccountRequest;
import org.openapitools.client.model.ImmediatePaymentRequest;
import org.openapitools.client.model.OskoFundingAccountRequest;
import org.openapitools.client.model.OskoRecipientAccountRequest;
import org.openapitools.client.model.Payment;
import org.openapitools.client.model.PaymentFile;
import org.openapitools.client.model.PaymentList;
import org.openapitools.client.model.PaymentMethodCode;
import org.openapitools.client.model.RecipientAccountRequest;

/**
 * PaymentsPlus with the client openapi-generator's Java generator writes with its default library (okhttp-gson) and
 * default options, against the sandbox: the steps of PAYMENTSPLUS_STEPS in test/downstream/flows.ts, each checked,
 * each reported as `STEP <name> ok`.
 */
public final class PaymentsPlusFlow {
  public static void main(String[] args) throws Exception {
    String baseUrl = System.getenv("PAYMENTSPLUS_URL");
    String apiKey = System.getenv("PAYMENTSPLUS_API_KEY");
    // As docs/codegen.md's recipe shows: the key on the description's security scheme, sent as HTTP Basic (the key
    // as the user name, an empty password).
    ApiClient client = new ApiClient();
    client.setBasePath(baseUrl);
    ((HttpBasicAuth) client.getAuthentication("apiKey")).setUsername(apiKey);
    FilesApi files = new FilesApi(client);
    PaymentsApi payments = new PaymentsApi(client);
    String id = "JAVA-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    LocalDate paymentDate = LocalDate.of(2030, 1, 2);

    PaymentFile file = files.createFile(id, new CreateFileRequest().fileName(id + ".csv").paymentDate(paymentDate));
    check("OPEN".equals(code(file.getStatusCode())), "the file is OPEN: " + file);
    step("file");

    String paymentId = id + "-1";
    RecipientAccountRequest recipient = new RecipientAccountRequest()
        .type(RecipientAccountRequest.TypeEnum.AU_DOMESTIC)
        .accountName("Example Supplies")
        .bsbNumber("650-000")
        .accountNumber("123456789");
    Payment added = files.createFilePayment(id, paymentId, new CreatePaymentRequest()
        .paymentMethod(PaymentMethodCode.DIRECT_ENTRY)
        .paymentAmount(100.00)
        .paymentDate(paymentDate)
        .fundingAccount(new FundingAccountRequest().bsbNumber("032-000").accountNumber("100001"))
        .recipientAccount(new CreatePaymentRequestRecipientAccount(recipient))
        .payeeName("Example Supplies")
        .currency("AUD")
        .lodgementReference("INV-10023")
        .paymentReference(paymentId));
    check(paymentId.equals(added.getPaymentIdentifier()), "the payment is added: " + added);
    check(added.getPaymentAmount() == 100.00, "its amount is 100.00: " + added.getPaymentAmount());
    step("payments");

    PaymentFile sent = files.sendFile(id);
    check(!"OPEN".equals(code(sent.getStatusCode())), "the file is sent: " + sent);
    step("send");

    PaymentFile read = files.getFile(id);
    check(!"OPEN".equals(code(read.getStatusCode())), "the file is no longer OPEN: " + read);
    step("file-status");

    Payment payment = payments.getPayment(paymentId);
    check(paymentId.equals(payment.getPaymentIdentifier()), "the payment is read: " + payment);
    check(payment.getStatusCode() != null && !code(payment.getStatusCode()).isEmpty(), "it has a status code: " + payment);
    step("payment-status");

    PaymentList list = files.listFilePayments(id);
    check(list.getData().stream().anyMatch(p -> paymentId.equals(p.getPaymentIdentifier())), "the file's payments hold " + paymentId);
    step("list");

    Payment osko = payments.createImmediatePayment(id + "-OSKO", new ImmediatePaymentRequest()
        .paymentMethod(ImmediatePaymentRequest.PaymentMethodEnum.OSKO)
        .paymentAmount(1.00)
        .fundingAccount(new OskoFundingAccountRequest().bsbNumber("032-000").accountNumber("100001").accountName("Account One"))
        .recipientAccount(new OskoRecipientAccountRequest()
            .accountName("Jane Smith")
            .identification("032000000007")
            .schemeName(OskoRecipientAccountRequest.SchemeNameEnum.BBAN))
        .payeeName("Jane Smith")
        .currency(ImmediatePaymentRequest.CurrencyEnum.AUD)
        .lodgementReference("REFUND-77")
        .paymentReference("REFUND-77")
        .paymentDate(paymentDate));
    check((id + "-OSKO").equals(osko.getPaymentIdentifier()), "the immediate payment: " + osko);
    check(osko.getStatusCode() != null && !code(osko.getStatusCode()).isEmpty(), "it has a status code: " + osko);
    step("osko");
  }

  /** A code of an open list: one of the known values (PaymentStatusCode, ...) or a code the description does not list yet. */
  static String code(String codeOrUnlisted) {
    return codeOrUnlisted;
  }

  static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }

  static void step(String name) {
    System.out.println("STEP " + name + " ok");
  }
}
