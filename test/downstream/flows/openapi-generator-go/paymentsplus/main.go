// PaymentsPlus end to end with the client openapi-generator (go) generates: see docs/codegen.md.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	pp "flows/openapi-generator/paymentsplus"
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
		var apiErr *pp.GenericOpenAPIError
		if errors.As(err, &apiErr) {
			fmt.Printf("%v: %s\n", err, apiErr.Body())
		}
		panic(err)
	}
}

// The value of a code list field (an open list: a known code or any other string), as the API sent it.
func code(v json.Marshaler) string {
	raw, err := v.MarshalJSON()
	check(err)
	var s string
	check(json.Unmarshal(raw, &s))
	return s
}

func main() {
	cfg := pp.NewConfiguration()
	cfg.Servers = pp.ServerConfigurations{{URL: os.Getenv("PAYMENTSPLUS_URL")}}
	api := pp.NewAPIClient(cfg)
	// The API key is the HTTP Basic user name with an empty password, given to each call through its context.
	ctx := context.WithValue(context.Background(), pp.ContextBasicAuth, pp.BasicAuth{UserName: os.Getenv("PAYMENTSPLUS_API_KEY")})

	fileID := "FILE-" + rand.Text()[:12]
	paymentID := fileID + "-1"
	day := "2030-01-02"

	fileRequest := pp.NewCreateFileRequest()
	fileRequest.SetFileName(fileID + ".csv")
	fileRequest.SetPaymentDate(day)
	created, _, err := api.FilesAPI.CreateFile(ctx, fileID).CreateFileRequest(*fileRequest).Execute()
	check(err)
	step("file", code(created.GetStatusCode()) == "OPEN", created)

	amount := "1234567.89"
	domestic := pp.RecipientAccountRequestAuDomesticAsRecipientAccountRequest(
		pp.NewRecipientAccountRequestAuDomestic("AU_DOMESTIC", "Example Supplies", "650-000", "123456789"))
	paymentRequest := pp.NewCreatePaymentRequest(pp.PAYMENTMETHODCODE_DIRECT_ENTRY, pp.RequestAmount{String: &amount}, day,
		pp.RecipientAccountRequestAsCreatePaymentRequestRecipientAccount(&domestic), "Example Supplies", "AUD", "INV-10023", paymentID)
	paymentRequest.SetFundingAccount(*pp.NewFundingAccountRequest("032-000", "100001"))
	payment, _, err := api.FilesAPI.CreateFilePayment(ctx, fileID, paymentID).CreatePaymentRequest(*paymentRequest).Execute()
	check(err)
	step("payments", payment.GetPaymentIdentifier() == paymentID && code(payment.GetStatusCode()) == "OPEN", payment)

	sent, _, err := api.FilesAPI.SendFile(ctx, fileID).Execute()
	check(err)
	step("send", code(sent.GetStatusCode()) == "PROCESSING", sent)

	file, _, err := api.FilesAPI.GetFile(ctx, fileID).Execute()
	check(err)
	step("file-status", file.HasStatusCode() && code(file.GetStatusCode()) != "OPEN", file)

	read, _, err := api.PaymentsAPI.GetPayment(ctx, paymentID).Execute()
	check(err)
	var paid float64 = read.GetPaymentAmount() // money is read into a float64, never a float32
	step("payment-status", code(read.GetStatusCode()) == "PENDING" && paid == 1234567.89, read)

	listed, _, err := api.FilesAPI.ListFilePayments(ctx, fileID).Execute()
	check(err)
	step("list", len(listed.Data) == 1 && listed.Data[0].GetPaymentIdentifier() == paymentID, listed)

	one := "1.00"
	immediate := pp.NewImmediatePaymentRequest("OSKO", pp.RequestAmount{String: &one},
		*pp.NewOskoFundingAccountRequest("032-000", "100001", "Account One"),
		*pp.NewOskoRecipientAccountRequest("Jane Smith", "032000000007", "BBAN"),
		"Jane Smith", "AUD", "REFUND-77", "REFUND-77", day)
	osko, _, err := api.PaymentsAPI.CreateImmediatePayment(ctx, fileID+"-OSKO").ImmediatePaymentRequest(*immediate).Execute()
	check(err)
	step("osko", osko.GetPaymentIdentifier() == fileID+"-OSKO" && code(osko.GetStatusCode()) != "", osko)
}
