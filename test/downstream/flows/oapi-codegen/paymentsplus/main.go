// PaymentsPlus end to end with the client oapi-codegen generates: see docs/codegen.md.
package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"time"

	pp "flows/oapi-codegen/paymentsplus"

	openapi_types "github.com/oapi-codegen/runtime/types"
)

var ctx = context.Background()

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

// A payment's status: a string (an open list; "" when absent). oapi-codegen writes no type for the list of its known
// values (`PaymentStatusCode`: nothing references it in the 3.0.3 variant, and it leaves out what nothing references),
// so they are compared as the strings the field's comment lists; an unlisted code matches none of them.
func status(p *pp.Payment) string {
	if p == nil || p.StatusCode == nil {
		return ""
	}
	return *p.StatusCode
}

// A file's status code: any string (the known ones are listed in its description only).
func fileStatus(file *pp.PaymentFile) string {
	if file == nil || file.StatusCode == nil {
		return ""
	}
	return *file.StatusCode
}

func main() {
	key := os.Getenv("PAYMENTSPLUS_API_KEY")
	// The API key is the HTTP Basic user name with an empty password, set on every request by a request editor.
	api, err := pp.NewClientWithResponses(os.Getenv("PAYMENTSPLUS_URL"), pp.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(key, "")
		return nil
	}))
	check(err)

	fileID := "FILE-" + rand.Text()[:12]
	paymentID := fileID + "-1"
	day := openapi_types.Date{Time: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)}
	fileName := fileID + ".csv"

	created, err := api.CreateFileWithResponse(ctx, fileID, pp.CreateFileRequest{FileName: &fileName, PaymentDate: &day})
	check(err)
	step("file", fileStatus(created.JSON201) == "OPEN", string(created.Body))

	amount := pp.RequestAmount(1234567.89)
	var recipient pp.CreatePaymentRequest_RecipientAccount
	accountName, bsb, accountNumber := "Example Supplies", "650-000", "123456789"
	check(recipient.FromRecipientAccountRequest(pp.RecipientAccountRequest{
		Type: pp.RecipientAccountRequestTypeAUDOMESTIC, AccountName: &accountName, BsbNumber: &bsb, AccountNumber: &accountNumber,
	}))
	added, err := api.CreateFilePaymentWithResponse(ctx, fileID, paymentID, pp.CreatePaymentRequest{
		PaymentMethod:      "DIRECT_ENTRY",
		PaymentAmount:      amount,
		PaymentDate:        day,
		FundingAccount:     &pp.FundingAccountRequest{BsbNumber: "032-000", AccountNumber: "100001"},
		RecipientAccount:   recipient,
		PayeeName:          "Example Supplies",
		Currency:           "AUD",
		LodgementReference: "INV-10023",
		PaymentReference:   paymentID,
	})
	check(err)
	payment := added.JSON201
	step("payments", payment != nil && *payment.PaymentIdentifier == paymentID && status(payment) == "OPEN", string(added.Body))

	sent, err := api.SendFileWithResponse(ctx, fileID)
	check(err)
	step("send", fileStatus(sent.JSON200) == "PROCESSING", string(sent.Body))

	file, err := api.GetFileWithResponse(ctx, fileID)
	check(err)
	step("file-status", fileStatus(file.JSON200) != "" && fileStatus(file.JSON200) != "OPEN", string(file.Body))

	read, err := api.GetPaymentWithResponse(ctx, paymentID)
	check(err)
	if read.JSON200 == nil || read.JSON200.PaymentAmount == nil {
		step("payment-status", false, string(read.Body))
	}
	var paid float64 = *read.JSON200.PaymentAmount // money is read into a float64, never a float32
	step("payment-status", status(read.JSON200) == "PENDING" && paid == 1234567.89, string(read.Body))

	listed, err := api.ListFilePaymentsWithResponse(ctx, fileID)
	check(err)
	step("list", listed.JSON200 != nil && listed.JSON200.Data != nil && len(*listed.JSON200.Data) == 1 &&
		*(*listed.JSON200.Data)[0].PaymentIdentifier == paymentID, string(listed.Body))

	one := pp.RequestAmount(1.00)
	osko, err := api.CreateImmediatePaymentWithResponse(ctx, fileID+"-OSKO", pp.ImmediatePaymentRequest{
		PaymentMethod:      "OSKO",
		PaymentAmount:      one,
		FundingAccount:     pp.OskoFundingAccountRequest{BsbNumber: "032-000", AccountNumber: "100001", AccountName: "Account One"},
		RecipientAccount:   pp.OskoRecipientAccountRequest{AccountName: "Jane Smith", Identification: "032000000007", SchemeName: "BBAN"},
		PayeeName:          "Jane Smith",
		Currency:           "AUD",
		LodgementReference: "REFUND-77",
		PaymentReference:   "REFUND-77",
		PaymentDate:        day,
	})
	check(err)
	step("osko", osko.JSON200 != nil && *osko.JSON200.PaymentIdentifier == fileID+"-OSKO" && status(osko.JSON200) == "OPEN", string(osko.Body))
}
