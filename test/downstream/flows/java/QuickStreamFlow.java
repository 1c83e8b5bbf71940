package example;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import quickstream.ApiClient;
import quickstream.ApiException;
import quickstream.api.CustomersApi;
import quickstream.api.SingleUseTokensApi;
import quickstream.api.TransactionsApi;
import quickstream.model.CreditCardSingleUseTokenRequest;
import quickstream.model.Customer;
import quickstream.model.CustomerRequest;
import quickstream.model.ErrorResponse;
import quickstream.model.FieldError;
import quickstream.model.PaymentTransactionRequest;
import quickstream.model.SingleUseToken;
import quickstream.model.SingleUseTokenRequest;
import quickstream.model.Transaction;
import quickstream.model.TransactionList;
import quickstream.model.TransactionRequest;

/**
 * QuickStream with the client openapi-generator's Java `native` library writes, against the sandbox: the steps of
 * QUICKSTREAM_STEPS in test/downstream/flows.ts, each checked, each reported as `STEP <name> ok`.
 */
public final class QuickStreamFlow {
  static final String BUSINESS = System.getenv("SUPPLIER_BUSINESS_CODE");

  /** A client for one key, as docs/codegen.md's recipe shows. */
  static ApiClient client(String baseUrl, String apiKey) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    // The key is the HTTP Basic user name and the password is empty; the generated client does not apply the
    // description's Basic scheme itself, so every request gets the header here.
    String basic = Base64.getEncoder().encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8));
    client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + basic));
    return client;
  }

  public static void main(String[] args) throws Exception {
    ApiClient secret = client(System.getenv("QUICKSTREAM_URL"), System.getenv("QUICKSTREAM_SECRET_KEY"));
    ApiClient publishable = client(System.getenv("QUICKSTREAM_URL"), System.getenv("QUICKSTREAM_PUBLISHABLE_KEY"));
    SingleUseTokensApi tokens = new SingleUseTokensApi(publishable);
    TransactionsApi transactions = new TransactionsApi(secret);

    Customer customer = new CustomersApi(secret).createCustomer(
        new CustomerRequest().customerNumber("JAVA-" + UUID.randomUUID()).customerName("Jane Smith"), UUID.randomUUID().toString());
    check(customer.getCustomerId() != null && !customer.getCustomerId().isEmpty(), "customer has a customerId: " + customer);
    step("customer");

    String token = cardToken(tokens, "4242424242424242");
    check(!token.isEmpty(), "a singleUseTokenId");
    step("token");

    Transaction approved = transactions.createTransaction(payment(token, "25.00"), UUID.randomUUID().toString());
    check("Approved".equals(status(approved)), "approved: " + approved);
    check(approved.getReceiptNumber() != null && !approved.getReceiptNumber().isEmpty(), "approved has a receiptNumber");
    step("approved");

    // Last two digits 96: declined with 51 (Not sufficient funds).
    Transaction declined = transactions.createTransaction(payment(cardToken(tokens, "4111111111444496"), "25.00"), UUID.randomUUID().toString());
    check("Declined".equals(status(declined)), "declined: " + declined);
    check("51".equals(declined.getResponseCode()), "declined with 51: " + declined.getResponseCode());
    step("declined");

    Transaction read = transactions.getTransaction(approved.getReceiptNumber());
    check(read.getReceiptNumber().equals(approved.getReceiptNumber()), "read back the same receipt: " + read.getReceiptNumber());
    check(read.getPrincipalAmount().getAmount().compareTo(new BigDecimal("25.00")) == 0, "read back 25.00: " + read.getPrincipalAmount());
    check("Approved".equals(status(read)), "read back Approved: " + status(read));
    step("read");

    // Sent twice with one Idempotency-Key: the second answer is the first one, and nothing is processed twice.
    TransactionRequest once = payment(cardToken(tokens, "4242424242424242"), "10.00");
    String key = UUID.randomUUID().toString();
    Transaction first = transactions.createTransaction(once, key);
    Transaction again = transactions.createTransaction(once, key);
    check(first.getReceiptNumber().equals(again.getReceiptNumber()), "one receipt for one key: " + first.getReceiptNumber() + " " + again.getReceiptNumber());
    step("idempotent");

    TransactionList list = transactions.listTransactions(BUSINESS, null, null);
    check(list.getData().stream().anyMatch(t -> t.getReceiptNumber().equals(approved.getReceiptNumber())), "the list holds " + approved.getReceiptNumber());
    step("list");

    // The approved payment's token again: the API refuses a used token with 422 naming the field.
    try {
      transactions.createTransaction(payment(token, "25.00"), UUID.randomUUID().toString());
      throw new AssertionError("a used token was accepted");
    } catch (ApiException e) {
      check(e.getCode() == 422, "422: " + e.getCode() + " " + e.getResponseBody());
      ErrorResponse error = secret.getObjectMapper().readValue(e.getResponseBody(), ErrorResponse.class);
      check(error.getErrors().stream().map(FieldError::getFieldName).anyMatch("singleUseTokenId"::equals), "errors[] name singleUseTokenId: " + error);
    }
    step("error");
  }

  /** A single-use token for a test card, made with the publishable key. */
  static String cardToken(SingleUseTokensApi tokens, String cardNumber) throws ApiException {
    CreditCardSingleUseTokenRequest card = new CreditCardSingleUseTokenRequest()
        .supplierBusinessCode(BUSINESS)
        .accountType(CreditCardSingleUseTokenRequest.AccountTypeEnum.CREDIT_CARD)
        .cardholderName("Jane Smith")
        .cardNumber(cardNumber)
        .expiryDateMonth("01")
        .expiryDateYear("2050")
        .cvn("123");
    SingleUseToken token = tokens.createSingleUseToken(new SingleUseTokenRequest(card), UUID.randomUUID().toString());
    return token.getCreditCardSingleUseToken().getSingleUseTokenId();
  }

  /** A card payment with a single-use token. */
  static TransactionRequest payment(String token, String amount) {
    PaymentTransactionRequest payment = new PaymentTransactionRequest()
        .transactionType(PaymentTransactionRequest.TransactionTypeEnum.PAYMENT)
        .singleUseTokenId(token)
        .supplierBusinessCode(BUSINESS)
        .principalAmount(new BigDecimal(amount))
        .currency("AUD");
    return new TransactionRequest(payment);
  }

  /** The transaction's status: one of the known values (TransactionStatus) or a code the description does not list yet. */
  static String status(Transaction transaction) {
    return transaction.getStatus();
  }

  static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }

  static void step(String name) {
    System.out.println("STEP " + name + " ok");
  }
}
