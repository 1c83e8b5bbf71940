// QuickStream end to end with the client oapi-codegen generates: see docs/codegen.md.
package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"

	qs "flows/oapi-codegen/quickstream"
)

var (
	ctx      = context.Background()
	business = os.Getenv("SUPPLIER_BUSINESS_CODE")
)

func step(name string, ok bool, detail any) {
	if !ok {
		fmt.Printf("STEP %s failed: %+v\n", name, detail)
		os.Exit(1)
	}
	fmt.Printf("STEP %s ok\n", name)
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

// The API key is the HTTP Basic user name with an empty password, set on every request by a request editor.
func client(key string) *qs.ClientWithResponses {
	c, err := qs.NewClientWithResponses(os.Getenv("QUICKSTREAM_URL"), qs.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(key, "")
		return nil
	}))
	check(err)
	return c
}

// The transaction's status: a string (an open list). oapi-codegen writes no type for the list of its known values
// (`TransactionStatus`: nothing references it in the 3.0.3 variant, and it leaves out what nothing references), so
// they are compared as the strings the field's comment lists; an unlisted code matches none of them.
func status(t *qs.Transaction) string {
	return t.Status
}

func main() {
	secret := client(os.Getenv("QUICKSTREAM_SECRET_KEY"))
	publishable := client(os.Getenv("QUICKSTREAM_PUBLISHABLE_KEY"))

	name := "Jane Smith"
	created, err := secret.CreateCustomerWithResponse(ctx, nil, qs.CustomerRequest{CustomerNumber: "FLOW-" + rand.Text(), CustomerName: &name})
	check(err)
	customer := created.JSON201
	step("customer", customer != nil && customer.CustomerId != nil && *customer.CustomerId != "", string(created.Body))

	cardToken := func(cardNumber string) string {
		cvn := "123"
		var body qs.SingleUseTokenRequest
		check(body.FromCreditCardSingleUseTokenRequest(qs.CreditCardSingleUseTokenRequest{
			SupplierBusinessCode: business, AccountType: "CREDIT_CARD", CardholderName: &name, CardNumber: cardNumber,
			ExpiryDateMonth: "01", ExpiryDateYear: "2050", Cvn: &cvn,
		}))
		answer, err := publishable.CreateSingleUseTokenWithResponse(ctx, nil, body)
		check(err)
		if answer.JSON201 == nil {
			panic(fmt.Sprintf("no token: %d %s", answer.StatusCode(), answer.Body))
		}
		token, err := answer.JSON201.AsCreditCardSingleUseToken()
		check(err)
		if token.SingleUseTokenId == nil {
			panic(fmt.Sprintf("no token id: %s", answer.Body))
		}
		return *token.SingleUseTokenId
	}
	approvingToken := cardToken("4242424242424242")
	step("token", approvingToken != "", approvingToken)

	payment := func(token string, amount qs.RequestAmount) qs.TransactionRequest {
		reference := "ORDER-1001"
		var body qs.TransactionRequest
		check(body.FromPaymentTransactionRequest(qs.PaymentTransactionRequest{
			TransactionType: "PAYMENT", SingleUseTokenId: &token, SupplierBusinessCode: business, PrincipalAmount: amount,
			Currency: "AUD", CustomerReferenceNumber: customer.CustomerNumber, PaymentReferenceNumber: &reference,
		}))
		return body
	}
	pay := func(body qs.TransactionRequest, key string) *qs.CreateTransactionResponse {
		answer, err := secret.CreateTransactionWithResponse(ctx, &qs.CreateTransactionParams{IdempotencyKey: &key}, body)
		check(err)
		return answer
	}
	paid := func(answer *qs.CreateTransactionResponse) *qs.Transaction {
		if answer.JSON201 == nil {
			panic(fmt.Sprintf("no transaction: %d %s", answer.StatusCode(), answer.Body))
		}
		return answer.JSON201
	}

	approved := paid(pay(payment(approvingToken, 1234567.89), rand.Text()))
	step("approved", status(approved) == "Approved" && approved.ReceiptNumber != "", approved)

	declined := paid(pay(payment(cardToken("4111111111444496"), 10.00), rand.Text()))
	step("declined", status(declined) == "Declined" && declined.ResponseCode != nil && *declined.ResponseCode == "51", declined)

	got, err := secret.GetTransactionWithResponse(ctx, approved.ReceiptNumber)
	check(err)
	read := got.JSON200
	if read == nil || read.PrincipalAmount == nil || read.PrincipalAmount.Amount == nil {
		step("read", false, string(got.Body))
	}
	var amount float64 = *read.PrincipalAmount.Amount // money is read into a float64, never a float32
	step("read", read.ReceiptNumber == approved.ReceiptNumber && status(read) == "Approved" &&
		amount == 1234567.89 && *read.PrincipalAmount.Currency == "AUD", string(got.Body))

	key := rand.Text()
	again := payment(cardToken("4242424242424242"), 10.00)
	first, second := paid(pay(again, key)), paid(pay(again, key))
	step("idempotent", first.ReceiptNumber == second.ReceiptNumber && status(first) == "Approved", []any{first, second})

	listed, err := secret.ListTransactionsWithResponse(ctx, nil)
	check(err)
	found := false
	if listed.JSON200 != nil && listed.JSON200.Data != nil {
		for _, t := range *listed.JSON200.Data {
			found = found || t.ReceiptNumber == approved.ReceiptNumber
		}
	}
	step("list", found, string(listed.Body))

	// The approving token was used by the approved payment: the API refuses it again with 422 naming the field.
	refused := pay(payment(approvingToken, 10.00), rand.Text())
	fields := []string{}
	if refused.JSON422 != nil && refused.JSON422.Errors != nil {
		for _, e := range *refused.JSON422.Errors {
			if e.FieldName != nil {
				fields = append(fields, *e.FieldName)
			}
		}
	}
	step("error", refused.StatusCode() == 422 && len(fields) == 1 && fields[0] == "singleUseTokenId", string(refused.Body))
}
