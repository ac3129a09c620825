//! The `lert` command line: parse arguments, load configuration, call into the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use lert::app::{Application, Storage};
use lert::cli::{self, CliError};
use lert::clock::{Clock, SystemClock};
use lert::config::Settings;

#[derive(Parser)]
#[command(name = "lert", version, about = "Law Enforcement Request Tracker")]
struct Cli {
    /// Configuration file (default: ./lert.toml if present). LERT_* variables override it.
    #[arg(long, global = true, env = "LERT_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API, the scheduler (notices, reminders, sending) and the intake watcher.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080 (overrides `bind`).
        #[arg(long)]
        bind: Option<String>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Read cases.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Record, renew, hold or release a preservation (2703(f)) on a case.
    Preservation {
        /// Act as this user (their role applies); required for a release or an approval.
        #[arg(long = "as", global = true)]
        acting_as: Option<String>,
        #[command(subcommand)]
        command: PreservationCommand,
    },
    /// Record, extend or vacate a non-disclosure order (2705(b)) on a case.
    Ndo {
        /// Act as this user (their role applies).
        #[arg(long = "as", global = true)]
        acting_as: Option<String>,
        #[command(subcommand)]
        command: NdoCommand,
    },
    /// Recompute every case's deadlines and flags (after a settings change, or daily for dates
    /// that depend on today); prints what changed as JSON.
    Recompute,
    /// List every current deadline due between two dates, across cases.
    Deadlines {
        /// First day, e.g. 2026-06-01.
        #[arg(long)]
        from: String,
        /// Last day (inclusive).
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Import mail: one message from an MTA pipe, or a Maildir.
    #[command(subcommand)]
    Intake(IntakeCommand),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Do all work due now once (daily recompute, alerts, digest, sending email); prints the
    /// report as JSON.
    Tick {
        /// Run as if it were this instant, e.g. 2026-11-26T09:00:00Z (default: now).
        #[arg(long)]
        now: Option<String>,
    },
    /// Outgoing email: list it, or retry what failed.
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Generate a case's next production bundle and write it to FILE (or copy out an existing
    /// version); prints the version, its files and digests as JSON.
    Bundle {
        /// The case, e.g. LE-2026-0042.
        reference: String,
        /// Where to write the ZIP; an existing file is never overwritten.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Encrypt the ZIP (AES-256) with the password in this file (one line, at least 12
        /// characters); deliver it to the agency out of band.
        #[arg(long)]
        password_file: Option<std::path::PathBuf>,
        /// records_database or uploads (default: the case's attached exports if any).
        #[arg(long)]
        source: Option<String>,
        /// Copy out this existing version instead of generating a new one.
        #[arg(long)]
        version: Option<i32>,
        /// Act as this user (their role applies; counsel or admin).
        #[arg(long = "as")]
        acting_as: Option<String>,
    },
    /// Seed a realistic synthetic data set (demos and benchmarks), and a records database with
    /// an account behind every target.
    Demo {
        /// How many cases to create.
        #[arg(long, default_value_t = 200)]
        cases: u64,
        /// Random seed; the same seed gives the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Extra API log entries for the first target's account in the records database
        /// (for the bundle benchmark).
        #[arg(long, default_value_t = 0)]
        api_log_rows: u64,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; prints a generated password once unless --password-stdin is given.
    Add {
        email: String,
        /// admin, counsel, analyst or viewer.
        #[arg(long)]
        role: String,
        /// Read the password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Issue an API token for the user and print it (only its hash is stored).
    Create {
        email: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

#[derive(Subcommand)]
enum CaseCommand {
    /// List cases, newest first.
    List {
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=10_000))]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Show one case (recorded in the audit trail).
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PreservationCommand {
    /// Record a preservation request received on a date (expires 90 days later).
    Add {
        case: String,
        #[arg(long)]
        received_on: String,
    },
    /// Renew by 90 days from the current expiry; a second renewal needs --counsel-approval.
    Renew {
        case: String,
        id: String,
        #[arg(long)]
        received_on: String,
        #[arg(long)]
        counsel_approval: bool,
    },
    /// Hold it for a case with formal process on the same identifiers, until that case closes.
    Hold {
        case: String,
        id: String,
        /// The holding case, e.g. LE-2026-0042.
        #[arg(long = "for")]
        holder: String,
    },
    /// Release the preserved data (counsel's sign-off; refused while any open case needs it).
    Release {
        case: String,
        id: String,
        #[arg(long)]
        note: String,
    },
}

/// An order's dates and exactly one of --ends-on, --days, --months, --years, --until-further-order.
#[derive(clap::Args)]
struct NdoOrderArgs {
    #[arg(long)]
    signed_on: String,
    #[arg(long)]
    received_on: String,
    /// The last day the order is in force.
    #[arg(long)]
    ends_on: Option<String>,
    /// In force for this many days from signing.
    #[arg(long)]
    days: Option<u32>,
    /// In force for this many months from signing.
    #[arg(long)]
    months: Option<u32>,
    /// In force for this many years from signing.
    #[arg(long)]
    years: Option<u32>,
    /// No end date.
    #[arg(long)]
    until_further_order: bool,
    #[arg(long)]
    docket: Option<String>,
}

impl NdoOrderArgs {
    fn into_args(self) -> cli::clocks::NdoArgs {
        cli::clocks::NdoArgs {
            signed_on: self.signed_on,
            received_on: self.received_on,
            ends_on: self.ends_on,
            days: self.days,
            months: self.months,
            years: self.years,
            until_further_order: self.until_further_order,
            docket: self.docket,
        }
    }
}

#[derive(Subcommand)]
enum NdoCommand {
    /// Record an order.
    Add {
        case: String,
        #[command(flatten)]
        order: NdoOrderArgs,
    },
    /// Record an order extending order ID (effective only if received by its last day).
    Extend {
        case: String,
        id: String,
        #[command(flatten)]
        order: NdoOrderArgs,
    },
    /// Record that the court vacated order ID.
    Vacate {
        case: String,
        id: String,
        #[arg(long)]
        vacated_on: String,
    },
}

#[derive(Subcommand)]
enum IntakeCommand {
    /// Store and file one message (FILE, or - for standard input); prints the outcome as JSON.
    /// Exits 0 once stored, 75 on a temporary failure (the MTA retries), 2 on bad input.
    Eml {
        #[arg(default_value = "-")]
        file: String,
        /// When it arrived (default: now), e.g. 2026-11-26T09:30:00Z.
        #[arg(long)]
        received_at: Option<String>,
    },
    /// Import the messages in DIR/new and move each to DIR/cur once stored; keeps watching
    /// unless --once.
    Maildir {
        dir: PathBuf,
        #[arg(long)]
        once: bool,
    },
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// List outgoing email, newest first.
    List {
        /// draft, held, scheduled, sending, sent, failed, no_contact or cancelled.
        #[arg(long)]
        status: Option<String>,
        /// e.g. subscriber_notice, delayed_notice, agency_ack, digest.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=1000))]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Schedule a failed email again (after fixing what made it fail).
    Retry {
        id: Option<String>,
        /// Every failed email.
        #[arg(long)]
        all_failed: bool,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain; exits 1 naming the first broken event.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = match &error {
                CliError::Usage(message) => message.clone(),
                CliError::Failed(cause) | CliError::TempFail(cause) => format!("{cause:#}"),
            };
            eprintln!("lert: {}", message.lines().next().unwrap_or_default());
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    // An MTA piping mail in keeps the message queued (75) while the configuration is fixed.
    let piped = matches!(cli.command, Command::Intake(IntakeCommand::Eml { .. }));
    let mut settings = Settings::load(cli.config.as_deref()).map_err(|e| match piped {
        true => CliError::TempFail(anyhow::anyhow!(e.to_string())),
        false => CliError::Usage(e.to_string()),
    })?;
    lert::telemetry::init(&settings.log_level, &settings.log_format);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    if let Command::Serve { bind } = cli.command {
        if let Some(bind) = bind {
            settings.bind = bind;
            settings.validate().map_err(|e| CliError::Usage(e.to_string()))?;
        }
        return serve(settings, clock);
    }
    let storage = match Storage::open(&settings) {
        Ok(storage) => storage,
        // The MTA keeps the message queued and retries when the database is back.
        Err(error) if piped => {
            return Err(CliError::TempFail(error));
        }
        Err(error) => return Err(error.into()),
    };
    let clocks = settings.clocks_in_force().map_err(|e| CliError::Usage(e.to_string()))?;
    let output = match cli.command {
        Command::Serve { .. } => unreachable!("handled above"),
        Command::Migrate => "migrations applied".to_owned(),
        Command::User(UserCommand::Add { email, role, password_stdin }) => {
            cli::admin::user_add(&storage, clock.as_ref(), &email, &role, password_stdin)?
        }
        Command::Token(TokenCommand::Create { email, label }) => {
            cli::admin::token_create(&storage, clock.as_ref(), &email, &label)?
        }
        Command::Case(CaseCommand::List { status, limit, json }) => {
            cli::case::list(&storage, status.as_deref(), limit, json)?
        }
        Command::Case(CaseCommand::Show { reference, json }) => {
            cli::case::show(&storage, clock.as_ref(), &clocks, &reference, json)?
        }
        Command::Audit(AuditCommand::Verify) => cli::admin::audit_verify(&storage)?,
        Command::Preservation { acting_as, command } => {
            use cli::clocks::ClockCommand;
            let (case, command) = match command {
                PreservationCommand::Add { case, received_on } => {
                    (case, ClockCommand::Preserve { received_on })
                }
                PreservationCommand::Renew { case, id, received_on, counsel_approval } => {
                    (case, ClockCommand::Renew { id, received_on, counsel_approval })
                }
                PreservationCommand::Hold { case, id, holder } => (case, ClockCommand::Hold { id, holder }),
                PreservationCommand::Release { case, id, note } => (case, ClockCommand::Release { id, note }),
            };
            cli::clocks::run(&storage, clock.as_ref(), &clocks, &case, acting_as.as_deref(), command)?
        }
        Command::Ndo { acting_as, command } => {
            use cli::clocks::ClockCommand;
            let (case, command) = match command {
                NdoCommand::Add { case, order } => (case, ClockCommand::AddNdo { order: order.into_args() }),
                NdoCommand::Extend { case, id, order } => {
                    (case, ClockCommand::ExtendNdo { id, order: order.into_args() })
                }
                NdoCommand::Vacate { case, id, vacated_on } => {
                    (case, ClockCommand::VacateNdo { id, vacated_on })
                }
            };
            cli::clocks::run(&storage, clock.as_ref(), &clocks, &case, acting_as.as_deref(), command)?
        }
        Command::Recompute => {
            let mut conn = storage.pool.get()?;
            let report = lert::workflows::clocks::recompute_all(
                &mut conn,
                clock.now(),
                &clocks,
                &lert::workflows::Actor::system("cli"),
            )?;
            serde_json::to_string(&report).map_err(anyhow::Error::from)?
        }
        Command::Intake(IntakeCommand::Eml { file, received_at }) => {
            cli::intake::eml(&storage, &settings, clock.as_ref(), &clocks, &file, received_at.as_deref())?
        }
        Command::Intake(IntakeCommand::Maildir { dir, once }) => {
            cli::intake::maildir(&storage, &settings, clock.as_ref(), &clocks, &dir, once)?
        }
        Command::Deadlines { from, to, json } => cli::case::deadlines(&storage, &from, &to, json)?,
        Command::Tick { now } => {
            cli::mail::tick(&storage, &settings, clock.as_ref(), clocks, now.as_deref())?
        }
        Command::Outbox(OutboxCommand::List { status, kind, limit, json }) => {
            cli::mail::outbox_list(&storage, status.as_deref(), kind.as_deref(), limit, json)?
        }
        Command::Outbox(OutboxCommand::Retry { id, all_failed }) => {
            cli::mail::outbox_retry(&storage, clock.as_ref(), id.as_deref(), all_failed)?
        }
        Command::Bundle { reference, out, password_file, source, version, acting_as } => {
            let args = cli::bundle::BundleArgs {
                reference: &reference,
                out: &out,
                password_file: password_file.as_deref(),
                source: source.as_deref(),
                version,
                acting_as: acting_as.as_deref(),
            };
            cli::bundle::bundle(&storage, &settings, clock.as_ref(), &clocks, &args)?
        }
        Command::Demo { cases, seed, api_log_rows } => {
            let records = settings.effective_records_database_url();
            cli::admin::demo(&storage, clock.as_ref(), &clocks, &records, cases, api_log_rows, seed)?
        }
    };
    println!("{output}");
    Ok(())
}

fn serve(settings: Settings, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let runtime = actix_web::rt::System::new();
    runtime.block_on(async move {
        let app = Application::build(settings, clock)?;
        if let Some((email, password)) = app.first_admin() {
            println!("lert: created the first administrator {email}");
            println!("lert: its one-time password (shown only now): {password}");
        }
        tracing::info!(port = app.port(), "lert is listening");
        app.run_until_stopped().await.map_err(|e| CliError::Failed(e.into()))
    })
}
